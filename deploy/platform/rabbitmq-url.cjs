/**
 * The broker URL of a deployed RabbitMQ stage (param rabbitMqUrl), checked before anything is
 * packaged. It goes into every function's environment as RABBITMQ_URL, so it must not carry
 * credentials (the publishers read those from the secret rabbitMqSecretArn), and Amazon MQ
 * takes AMQP over TLS only. serverless.yml reads it through deploy/platform/aws-rabbitmq.yml as
 * ${file(./deploy/platform/rabbitmq-url.cjs):deployedRabbitMqUrl}.
 *
 * @example
 * // rabbitMqUrl=amqps://b-0123.mq.eu-west-1.amazonaws.com:5671 -> the same text
 * // rabbitMqUrl=amqps://user:pass@b-0123... -> an error naming the parameter
 */
'use strict';

/** @param {string} text @returns {string} the URL, when a deployed stage may use it */
function checkDeployedRabbitMqUrl(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`rabbitMqUrl must be the broker's AMQPS endpoint, such as amqps://b-<id>.mq.<region>.amazonaws.com:5671, not "${text}"`);
  }
  if (url.protocol !== 'amqps:' || !url.hostname) throw new Error(`rabbitMqUrl must start with amqps:// (Amazon MQ takes AMQP over TLS only), not ${url.protocol}//`);
  // Never echo the password back: the message may end up in a CI log.
  if (url.username || url.password) throw new Error('rabbitMqUrl must not carry a username or password: they would sit in every function\'s environment; put them in the secret rabbitMqSecretArn names');
  return text;
}

/**
 * @param {{ resolveVariable: (address: string) => Promise<unknown> }} serverless
 * @returns {Promise<string>}
 */
async function deployedRabbitMqUrl({ resolveVariable }) {
  return checkDeployedRabbitMqUrl(String(await resolveVariable('param:rabbitMqUrl')));
}

module.exports = { deployedRabbitMqUrl, checkDeployedRabbitMqUrl };
