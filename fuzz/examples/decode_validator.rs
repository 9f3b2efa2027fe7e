//! Prints what an input of the `validator` target decodes to, and the
//! report it produces (if it does not panic).
//!
//! ```sh
//! cd fuzz && cargo run --release --example decode_validator -- reproducers/validator-1
//! ```

use arbitrary::{Arbitrary, Unstructured};
use econtract_fuzz::validator_ops::{Input, run};

fn main() {
    let path = std::env::args().nth(1).expect("usage: decode_validator FILE");
    let data = std::fs::read(&path).expect("read input");
    let input = match Input::arbitrary_take_rest(Unstructured::new(&data)) {
        Ok(i) => i,
        Err(e) => {
            println!("{path}: does not decode: {e}");
            return;
        }
    };
    println!("{input:#?}");
    let report = run(&input);
    println!("status: {}", report.status);
    for f in &report.findings {
        println!("  {f}");
    }
}
