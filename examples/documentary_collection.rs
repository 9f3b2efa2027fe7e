//! The same CIF sale of coffee, documents against payment through a
//! documentary collection (URC 522): the seller hands the electronic bill of
//! lading and the insurance certificate to its bank (the remitting bank)
//! with a collection instruction; the remitting bank passes the bill of
//! lading to the buyer's bank (the presenting bank); the buyer pays the
//! presenting bank, which releases the bill of lading to the buyer and
//! remits the proceeds. The archive is audited as in `international_trade`.
//!
//! ```sh
//! cargo run --example documentary_collection            # writes ./collection-demo/
//! cargo run --example documentary_collection -- DIR     # writes DIR/
//! ```

#[path = "support/mod.rs"]
#[allow(dead_code)] // each example uses part of the shared story
mod support;

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "collection-demo".into()));
    println!("International sale of coffee, CIF Rotterdam, D/P through a documentary collection");
    let demo = support::Demo::new(&dir, "EC-2026-0419", true)?;
    let transcript = demo.run(support::Flow::Collection, support::Twist::None)?;
    println!();
    println!(
        "Transcript: {}  cards: {}",
        transcript.display(),
        dir.join("cards").display()
    );
    println!();
    let (text, report) = support::audit_file(&transcript, &dir.join("cards"))?;
    print!("{text}");
    if !report.is_complete() || report.remitted != report.paid {
        return Err("the collection did not validate as completed with the proceeds remitted".into());
    }
    Ok(())
}
