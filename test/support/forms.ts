/** Distinct class-group elements for tests: powers of the prime forms above the first split primes. */
import type { Form } from '../../mpc/classgroups/form.ts';
import type { ClassGroup } from '../../mpc/classgroups/group.ts';
import { primeForm } from '../../mpc/classgroups/prime-form.ts';
import { kronecker } from '../../mpc/numbers/modular.ts';
import { isProbablePrime } from '../../mpc/numbers/primes.ts';
import type { RandomSource } from '../../mpc/numbers/random.ts';
import { randomBits } from '../../mpc/numbers/random.ts';

export function splitPrimePowers(group: ClassGroup, count: number, rng: RandomSource): Form[] {
  const out: Form[] = [];
  for (let r = 3n; out.length < count; r += 2n) {
    if (isProbablePrime(r) && kronecker(group.discriminant, r) === 1)
      out.push(group.pow(primeForm(group.discriminant, r), randomBits(rng, 64) + 1n));
  }
  return out;
}
