//! The econtract fuzz harness: fixtures, the checks each target makes, and
//! the validator target's operations.
//!
//! - [`fixtures`]: the fixed parties, cards, contract, offer and canned
//!   trades (from the tests' scenario builder);
//! - [`targets`]: one function per target but `validator`, the body of its
//!   `fuzz_target!`; the main crate's `tests/fuzz_corpus.rs` includes
//!   `fixtures.rs` and `targets.rs` by path and replays `seeds/` and
//!   `reproducers/` through them on the stable toolchain;
//! - [`replay`]: runs stored inputs through the checks (`examples/replay.rs`
//!   and `tests/fuzz_corpus.rs`);
//! - [`validator_ops`]: the `validator` target, structure-aware with
//!   `arbitrary` (so it is replayed by `examples/replay.rs` only).

pub mod fixtures;
pub mod replay;
pub mod targets;
pub mod validator_ops;

pub use fixtures::*;
