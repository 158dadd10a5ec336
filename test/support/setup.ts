/** Class-group setups for tests (made once per test process, mpc/classgroups/setups.ts). */

import type { ClassGroupSetup, SecurityLevel } from '../../mpc/classgroups/setup.ts';
import { loadSetup } from '../../mpc/classgroups/setups.ts';
import { type CurveName, curveOrder } from '../../mpc/curves/curve.ts';

export function testSetup(curve: CurveName = 'secp256k1', level: SecurityLevel = 112): ClassGroupSetup {
  return loadSetup(curveOrder(curve), level);
}
