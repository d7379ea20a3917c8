/**
 * The environment Lambda gives an on-demand container, as far as the handlers read it:
 * Powertools reports cold_start only when AWS_LAMBDA_INITIALIZATION_TYPE says on-demand.
 */
process.env.AWS_LAMBDA_INITIALIZATION_TYPE ??= 'on-demand';
