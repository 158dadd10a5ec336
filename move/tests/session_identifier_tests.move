#[test_only]
module dwallet::session_identifier_tests;

use dwallet::session_identifier;
use dwallet::test_fixtures as fx;

/// The vector `test/chain/schemas.test.ts` asserts for `deriveSessionId` in TypeScript.
#[test]
fun derives_the_shared_test_vector() {
    let id = session_identifier::derive(@0xa11ce, &fx::session_preimage());
    assert!(id == x"ce42b45020d02ab380d816ce22a8b0e1ce73d94223f629c6881a806650aa6f28");
    assert!(id == fx::session_id());
    assert!(id.length() == session_identifier::length());
}

#[test]
fun binds_the_sender() {
    let preimage = fx::session_preimage();
    assert!(session_identifier::derive(@0xa11ce, &preimage) != session_identifier::derive(@0xb0b, &preimage));
}
