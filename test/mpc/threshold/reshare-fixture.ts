/** The committees of the resharing session tests: a dealt key of alice, bob, carol and dave (4, t = 3), handed to alice (weight 2), bob, carol, erin and frank (t' = 4). */
import { weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { dealThresholdKey } from '../../../mpc/threshold/dealer.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';
import type { Epoch } from './reshare-harness.ts';

export const setup = testSetup();
export const oldAccess = weightedAccessStructure(3, [1, 1, 1, 1]);
export const dealt = dealThresholdKey(setup, oldAccess, testRng('reshare session dealer'));
export const genesis: Epoch = { key: dealt.publicKey, names: ['alice', 'bob', 'carol', 'dave'], keyShares: dealt.keyShares };
// dave leaves, erin and frank join (session parties 5 and 6); alice weighs 2; W' = 6, t' = 4.
export const newNames = ['alice', 'bob', 'carol', 'erin', 'frank'];
export const newAccess = weightedAccessStructure(4, [2, 1, 1, 1, 1]);
