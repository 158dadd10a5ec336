/** Class-group setups for tests, cached on disk under DWALLET_CACHE_DIR (set by scripts/test.mjs). */

import type { ClassGroupSetup, SecurityLevel } from '../../mpc/classgroups/setup.ts';
import { loadSetup } from '../../mpc/classgroups/setup-cache.ts';
import { type CurveName, curveOrder } from '../../mpc/curves/curve.ts';
import { FileSetupStore } from '../../runtime/setup-store.ts';

export function testSetup(curve: CurveName = 'secp256k1', level: SecurityLevel = 112): ClassGroupSetup {
  return loadSetup(curveOrder(curve), level, { store: new FileSetupStore() });
}
