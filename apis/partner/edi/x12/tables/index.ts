/** The transaction sets whose content the reader checks by default: 850 in, 997/999 back for what we sent. */
import { compileSetTables, type SetTables } from '../set-table';
import { table850 } from './850';
import { table997, table999 } from './acks';

export { table850 } from './850';
export { table997, table999 } from './acks';

export const DEFAULT_SET_TABLES: SetTables = compileSetTables([table850, table997, table999]);
