//! The main job: the whole seven-step international sale among a seller, a
//! buyer, a carrier, an insurer (CIF), the buyer's bank and a time-stamp
//! authority, archived as a transcript and audited. The buyer's bank pays
//! the seller, and the seller transfers the electronic bill of lading to the
//! buyer; `documentary_collection` runs the same sale through the banks.
//!
//! ```sh
//! cargo run --example international_trade            # writes ./trade-demo/
//! cargo run --example international_trade -- DIR     # writes DIR/
//! ```
//!
//! It writes `DIR/contract.ect` (the seller's transcript) and `DIR/cards/`
//! (the parties' cards), then audits the transcript, trusting those cards,
//! and prints the report. Audit it again with the command-line tool:
//! `cargo run --features cli --bin econtract -- audit DIR/contract.ect --trust DIR/cards`.

#[path = "support/mod.rs"]
#[allow(dead_code)] // each example uses part of the shared story
mod support;

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "trade-demo".into()));
    println!("International sale of coffee, CIF Rotterdam, documents against payment");
    let demo = support::Demo::new(&dir, "EC-2026-0417", true)?;
    let transcript = demo.run(support::Flow::Direct, support::Twist::None)?;
    println!();
    println!(
        "Transcript: {}  cards: {}",
        transcript.display(),
        dir.join("cards").display()
    );
    println!();
    let (text, report) = support::audit_file(&transcript, &dir.join("cards"))?;
    print!("{text}");
    if !report.is_complete() {
        return Err("the example contract did not validate as completed".into());
    }
    Ok(())
}
