// serverless loads plugins with require(); tsx lets it load the TypeScript source directly.
require('tsx/cjs');
module.exports = require('./plugin.ts').OfflineRabbitMqTrigger;
