/** Per-source budgets of the peer endpoint: certificate checks refill over time; refusals past the budget are held, then closed. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PeerAdmission } from '../../validator/peer/admission.ts';

const limits = { certificateBurst: 2, certificateRefillMs: 1000, refusalBurst: 3, refusalsPerSecond: 1, refusalDelayMs: 500, maxHeld: 2 };

describe('peer admission', () => {
  test('certificate checks: a burst per source, refilled over time, sources apart', () => {
    let now = 0;
    const admission = new PeerAdmission(limits, () => now);
    assert.equal(admission.takeCertificateCheck('a'), true);
    assert.equal(admission.takeCertificateCheck('a'), true);
    assert.equal(admission.canCheckCertificate('a'), false);
    assert.equal(admission.takeCertificateCheck('a'), false);
    assert.equal(admission.takeCertificateCheck('b'), true, 'another source has its own budget');
    now += 1000;
    assert.equal(admission.takeCertificateCheck('a'), true, 'one more after the refill period');
    assert.equal(admission.takeCertificateCheck('a'), false);
  });

  test('refusals: answered at once within the burst, then held, and past the held limit the connection is closed', () => {
    let now = 0;
    const admission = new PeerAdmission(limits, () => now);
    for (let i = 0; i < 3; i++) assert.deepEqual(admission.refused('a'), { delayMs: 0 });
    assert.deepEqual(admission.refused('a'), { delayMs: 500 });
    assert.deepEqual(admission.refused('a'), { delayMs: 500 });
    assert.equal(admission.refused('a'), 'close');
    admission.released('a');
    assert.deepEqual(admission.refused('a'), { delayMs: 500 }, 'a released answer frees a place');
    assert.deepEqual(admission.refused('b'), { delayMs: 0 }, 'another source is not held');
    now += 2000;
    assert.deepEqual(admission.refused('a'), { delayMs: 0 }, 'the budget refills at its rate');
  });
});
