import type { ChartId } from '../../../../src-shared/books.js';
import { PCG } from './france.js';
import { SKR03, SKR04 } from './germany.js';
import { SIMPLE } from './simple.js';
import type { ChartDefinition } from './types.js';

export type { AccountRole, ChartDefinition } from './types.js';
export { ACCOUNT_ROLES } from './types.js';

export const CHART_DEFINITIONS: Readonly<Record<ChartId, ChartDefinition>> = { skr03: SKR03, skr04: SKR04, pcg: PCG, simple: SIMPLE };
