//! Two disputes over the same contract, and the audit that names the rule
//! each breaks:
//!
//! 1. the buyer's acceptance reaches the seller after the offer lapsed
//!    (CISG 18(2), 21: rule `FORM-LATE`), so no contract was concluded;
//! 2. the seller transfers the bill of lading before the buyer pays
//!    (documents against payment: rule `TITLE-BEFORE-PAYMENT`).
//!
//! ```sh
//! cargo run --example dispute            # writes ./dispute-demo/
//! ```

#[path = "support/mod.rs"]
#[allow(dead_code)] // each example uses part of the shared story
mod support;

use std::path::PathBuf;

use econtract::Rule;
use support::{Demo, Twist, audit_file};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "dispute-demo".into()));
    for (name, twist, rule) in [
        ("late-acceptance", Twist::LateAcceptance, Rule::FormLate),
        (
            "title-before-payment",
            Twist::TitleBeforePayment,
            Rule::TitleBeforePayment,
        ),
    ] {
        let dir = base.join(name);
        println!("== Dispute: {name}");
        let transcript = Demo::new(&dir, "EC-2026-0418", false)?.run(twist)?;
        let (text, report) = audit_file(&transcript, &dir.join("cards"))?;
        print!("{text}");
        println!();
        if report.rules() != vec![rule] {
            return Err(format!("expected exactly {rule}, found {:?}", report.rules()).into());
        }
    }
    Ok(())
}
