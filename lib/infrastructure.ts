/**
 * Typed view of lib/resources.json, the single source of truth for resource
 * names and settings shared by serverless.yml, local provisioning and the code.
 */
import infrastructure from './resources.json';

export type Infrastructure = typeof infrastructure;
export type TableDefinition = Infrastructure['tables'][keyof Infrastructure['tables']];

export const INFRASTRUCTURE: Infrastructure = infrastructure;
