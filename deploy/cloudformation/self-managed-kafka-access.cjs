/**
 * The SourceAccessConfigurations of a self-managed Kafka event source mapping, built from the
 * stage parameters: the SCRAM secret, then one entry per subnet and per security group (a list
 * CloudFormation cannot build from a comma-separated parameter by itself).
 * serverless.yml reads it as ${file(./deploy/cloudformation/self-managed-kafka-access.cjs):sourceAccessConfigurations}.
 *
 * @example
 * // kafkaSaslSecretArn=arn:...:secret:kafka, brokerSubnetIds=subnet-a,subnet-b, brokerSecurityGroupIds=sg-1
 * // (or their older names kafkaSubnetIds and kafkaSecurityGroupIds, read by deploy/platform/aws.yml)
 * // -> [{ Type: 'SASL_SCRAM_512_AUTH', URI: 'arn:...:secret:kafka' },
 * //     { Type: 'VPC_SUBNET', URI: 'subnet:subnet-a' }, { Type: 'VPC_SUBNET', URI: 'subnet:subnet-b' },
 * //     { Type: 'VPC_SECURITY_GROUP', URI: 'security_group:sg-1' }]
 */
'use strict';

/** @param {string} value */
function commaList(value) {
  return String(value)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * @param {{ resolveVariable: (address: string) => Promise<unknown> }} serverless
 * @returns {Promise<Array<{ Type: string, URI: string }>>}
 */
async function sourceAccessConfigurations({ resolveVariable }) {
  const secretArn = String(await resolveVariable('param:kafkaSaslSecretArn'));
  const subnets = commaList(await resolveVariable('self:custom.platform.brokerSubnetIds'));
  const securityGroups = commaList(await resolveVariable('self:custom.platform.brokerSecurityGroupIds'));
  if (subnets.length === 0 || securityGroups.length === 0) {
    throw new Error('self-managed Kafka needs brokerSubnetIds and brokerSecurityGroupIds (comma-separated)');
  }
  return [
    { Type: 'SASL_SCRAM_512_AUTH', URI: secretArn },
    ...subnets.map((subnet) => ({ Type: 'VPC_SUBNET', URI: `subnet:${subnet}` })),
    ...securityGroups.map((group) => ({ Type: 'VPC_SECURITY_GROUP', URI: `security_group:${group}` })),
  ];
}

module.exports = { sourceAccessConfigurations };
