/**
 * The setup seeds (p, r) of the curves this project uses, at both security levels, as
 * {@link deriveSetupSeeds} draws them from (q, level) — written out so that a process does not
 * repeat the prime search (up to a second or two per curve) every time it starts.
 *
 * Trust: these numbers are only a shortcut for the derivation, never a different setup. The test
 * test/mpc/classgroups/known-seeds.test.ts derives every entry again and compares, and
 * {@link setupFromSeeds} checks the public conditions of any seeds it is given. Seeds are never
 * read from disk or from peers (a cache file could be rewritten by anyone who can write it, and
 * its p and r cannot be checked without repeating the search), so the setup of a known curve can
 * only ever be this one.
 * @module
 */
import type { SecurityLevel, SetupSeeds } from './setup.ts';

export interface KnownSeeds extends SetupSeeds {
  /** Which curve's group order q is (for readers; the lookup is by q). */
  readonly curve: string;
}

/** deriveSetupSeeds(q, level) for secp256k1, P-256 and ed25519 at 112 and 128 bits. */
export const KNOWN_SETUP_SEEDS: readonly KnownSeeds[] = Object.freeze([
  {
    curve: 'secp256k1',
    level: 112,
    q: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
    p: BigInt(
      '0xf333fa47635dc00df1747b98ec760119cf5dcb68c43c9b41abf962f8e2790b6dec880f768bbbf042a93ce0ee6927f29d' +
        '5838d610999618560890b1c3b417d7d92c4ed09a3039e16e336c4d7e369fab69f6bc765bf45cca8f674c2cf7eeddd914' +
        '719ea8ddd4d0c5d0457315ae4b8a315c3ab8b0f4b180245774bb4c6737ae8867cf79dec57199c908b',
    ),
    r: 0xd783412f028db533340f3151e2b14281n,
  },
  {
    curve: 'secp256k1',
    level: 128,
    q: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
    p: BigInt(
      '0x6a6286449739057bc9a8b14a8f967b4cdaaf0eb053cc3bf5ad15806ef7a5e2e6efcfe3c4226445f299b8eed6695f92db' +
        '99c850c3d2662a2dbd5b97f3bdadfa12e31536664e13f9b241c150c2f476af50f19dfc3c682c19bda263cb3b4f643522' +
        '126d7d4d598a4818bbba8f7dbad1491e320277d47d55c8eb4b2605f1c0f32ed8a05299b797b1e5635a2ac2376fee55cf' +
        '77be195d28a4553189a6ebfbe2ad98c91f0102c6d2fd2bc42b65b466480323fea917a99e0f5d23c0bfc1a38bd679f4c4' +
        '23051857f',
    ),
    r: 0xb7b7f25f2407fd39caeb9932a32cf051n,
  },
  {
    curve: 'p256',
    level: 112,
    q: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    p: BigInt(
      '0x8906579e7f1f955458460d14d4983adf87559fb8fced7bef7392bdb514fa1150d5ea58a8cf847f28a0b3e556235f7c96' +
        'af7969d817d56631f6da8ca99a3a1a796f4e1cf6b095b5498cf07ef97e32cb1e36f81334cc7fc142249b45b12231c196' +
        '728e59fd93ab7f75b63a2f36c4a62c3fa63de9048c518543bf0b52420c477300da57d095e78b337bf',
    ),
    r: 0x94d8757ab30eeaba1266a90b7d2bf969n,
  },
  {
    curve: 'p256',
    level: 128,
    q: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    p: BigInt(
      '0x410b4bac6ffe18ae9a9f135532b5f749d93f60da180d05070ad63754781d128187e4fa86a9c9bd2ea6f618ffe111d56a' +
        'a5148d5e007da168bc35dcc410ae4d3459a20685e4bbbe4f0c8a85c2322700ae881027907b7f544bdab8fdcca14f0f15' +
        '2657481e6957e608948d3f823424c628f634478f3843401e61f23330743e061ceb7994037b0a83f58073c1c0974bf69c' +
        'a387f63357d28a145ef07f2f2efdabfaf4eb5984e9c93f4463f0953bdaaa74df2512760ddad7d93e4cf1d4eb4d7f7e12' +
        '6a81457d3',
    ),
    r: 0xa7e3948981ef8ee21572bc0ac6ba7a55n,
  },
  {
    curve: 'ed25519',
    level: 112,
    q: 0x1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3edn,
    p: BigInt(
      '0xebc129d2f1e0f258c26bd1a69485719203de80c42b243c2556104e02693010f9eef9e6cd715e119d8bf8b4b185ef3f23' +
        '4d45141c8e6d39f1dd3644ca2290e22b87d0bc461b3462ceb7e5f4d64ae9921c898806b7bc69af6b147f38e7a637f36a' +
        '5778dd7cef209dc34442590add9eb82a15638ae65c9d65e2d9e27682a5138e15a55b6468c1e099cdff',
    ),
    r: 0x8e9466ea48a6ac15997feedbccbc3555n,
  },
  {
    curve: 'ed25519',
    level: 128,
    q: 0x1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3edn,
    p: BigInt(
      '0x41e08c00a1ca84905459c41ec5d5bbc5513c9775a28c72e559cae1e4719c12a41575d595536d495e2f56eaa036c89bd1' +
        'a392d3dc07f925d6c0f1b71105d64181814b7bde528b9735fbbb831f442883d146bcb4e1ac10805bfab5c11d6a28832e' +
        '132d0eb4980fd6bd13efca13e029f32c9da456f3925c960ac08d69c5afe48d63a5f0506351b12ecd46e20e17a5b48b68' +
        '2344e1ed2fc4d9cdabac894c1b6bf7405bc6426e931540b8bb1b6902294d1f4188f4ca4e5c1122a7e0b665decc102fb0' +
        'a2b9496573',
    ),
    r: 0xf82c96334d2ecfd120f6e2496b5e45f7n,
  },
] as const);

/** The known seeds for (q, level), or undefined for another curve. */
export function knownSetupSeeds(q: bigint, level: SecurityLevel): SetupSeeds | undefined {
  const known = KNOWN_SETUP_SEEDS.find((seeds) => seeds.q === q && seeds.level === level);
  return known === undefined ? undefined : { q: known.q, level: known.level, p: known.p, r: known.r };
}
