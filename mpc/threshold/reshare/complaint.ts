/**
 * Complaints in the resharing (README.md, round 2): the DKG's complaint (dkg/complaint.ts, S_ij
 * with a DLEQ proof) about one of the two sharings of a dealing, named by `sharing`. An old member
 * complains about its mask shares R_i(v) (checked against D_i), a new member about its shares
 * R'_i(u) (checked against C'_i); a validator in both committees may send both. The verdict is the
 * DKG's, under the parameters of the named sharing, so it is the same at every validator.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import type { RandomSource } from '../../numbers/random.ts';
import {
  type Complaint,
  type ComplaintVerdict,
  complaintSchema,
  createComplaint,
  judgeComplaint,
  type OpenedDealing,
  openDealing,
} from '../dkg/complaint.ts';
import type { DkgParams } from '../dkg/params.ts';
import type { ReshareDealing } from './dealing.ts';
import { newSharingParams, oldSharingParams, type ReshareParams } from './params.ts';

/** Which sharing of a dealing: the mask to the old committee, or r_i to the new one. */
export const Sharing = { MASK: 0, FRESH: 1 } as const;
export type SharingKind = (typeof Sharing)[keyof typeof Sharing];

export interface ReshareComplaint {
  readonly sharing: SharingKind;
  /** Its `dealer` is the dealer's old party id; the complainer is an old party (MASK) or a new party (FRESH). */
  readonly complaint: Complaint;
}

export function reshareComplaintSchema(): BcsType<ReshareComplaint, ReshareComplaint> {
  return bcs.struct('ReshareComplaint', {
    sharing: bcs.u8().transform<number, number>({
      input: (v) => v,
      output: (v) => {
        if (v !== Sharing.MASK && v !== Sharing.FRESH) throw new RangeError(`unknown sharing ${v}`);
        return v;
      },
    }),
    complaint: complaintSchema(),
  }) as unknown as BcsType<ReshareComplaint, ReshareComplaint>;
}

/** The DKG parameters of one sharing, and that sharing of a dealing. */
export function sharingOf(
  params: ReshareParams,
  dealing: ReshareDealing,
  sharing: SharingKind,
): { params: DkgParams; dealing: ReshareDealing['mask'] } {
  return sharing === Sharing.MASK
    ? { params: oldSharingParams(params), dealing: dealing.mask }
    : { params: newSharingParams(params), dealing: dealing.fresh };
}

/** What recipient `recipient` (an old party for MASK, a new party for FRESH) finds in one sharing. */
export function openSharing(
  params: ReshareParams,
  sharing: SharingKind,
  recipient: number,
  decryptionKey: bigint,
  dealer: number,
  dealing: ReshareDealing,
): OpenedDealing {
  const view = sharingOf(params, dealing, sharing);
  return openDealing(view.params, recipient, decryptionKey, dealer, view.dealing);
}

export function createReshareComplaint(
  params: ReshareParams,
  sharing: SharingKind,
  complainer: number,
  decryptionKey: bigint,
  dealer: number,
  dealing: ReshareDealing,
  dealingDigest: Uint8Array,
  rng: RandomSource,
): ReshareComplaint {
  const view = sharingOf(params, dealing, sharing);
  return { sharing, complaint: createComplaint(view.params, complainer, decryptionKey, dealer, view.dealing, dealingDigest, rng) };
}

/** The public verdict (dkg/complaint.ts `judgeComplaint`) under the named sharing's parameters. */
export function judgeReshareComplaint(
  params: ReshareParams,
  complainer: number,
  dealing: ReshareDealing,
  complaint: ReshareComplaint,
): ComplaintVerdict {
  const view = sharingOf(params, dealing, complaint.sharing);
  if (!view.params.access.isParty(complainer)) {
    return { status: 'false-complaint', detail: `party ${complainer} is not a recipient of that sharing` };
  }
  return judgeComplaint(view.params, complainer, view.dealing, complaint.complaint);
}
