//! The main job: the whole seven-step international sale among a seller, a
//! buyer, a carrier, an insurer (CIF), the buyer's bank and a time-stamp
//! authority. Each party runs its own `Session`: every message below is
//! one party's action, signed only if its session's validator finds that
//! it breaks no rule, time-stamped, and delivered as a parcel to a party
//! that verifies and archives it. The buyer's bank pays the seller, and
//! the seller transfers the electronic bill of lading to the buyer;
//! `documentary_collection` runs the same sale through the banks.
//!
//! ```sh
//! cargo run --example international_trade            # writes ./trade-demo/
//! cargo run --example international_trade -- DIR     # writes DIR/
//! ```
//!
//! It writes `DIR/contract.ect` (the seller's archive), every party's
//! archive in `DIR/archives/`, and `DIR/cards/` (the parties' cards), then
//! audits the seller's archive, trusting those cards, and prints the
//! report. Audit it again with the command-line tool:
//! `cargo run --features cli --bin econtract -- audit DIR/contract.ect --trust DIR/cards`.

#[path = "support/desk.rs"]
mod desk;
#[path = "support/story.rs"]
mod story;
#[path = "support/mod.rs"]
#[allow(dead_code)] // the audit printer only
mod support;

use std::path::PathBuf;

use desk::{Desk, Role::*, at};
use econtract::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "trade-demo".into()));
    println!("International sale of coffee, CIF Rotterdam, documents against payment");
    let mut d = Desk::new(&dir, "EC-2026-0417")?;
    let terms = story::terms(&d, false)?;
    let (buyer, seller, carrier, insurer) = (d.card(Buyer), d.card(Seller), d.card(Carrier), d.card(Insurer));

    println!("1. Offer");
    let offer = d.act(Seller, |s, r| s.send(&buyer, story::offer(&terms), &[], at(1), r))?;
    d.post(Seller, &offer)?;
    let receipt = d.act(Buyer, |s, r| {
        s.receipt_for(offer.id, at(1).plus(120), at(1).plus(180), r)
    })?;
    d.post(Buyer, &receipt)?;

    println!("2. Acceptance");
    let acceptance = d.act(Buyer, |s, r| s.accept(offer.id, story::acceptance(), at(20), r))?;
    d.post(Buyer, &acceptance)?;
    let receipt = d.act(Seller, |s, r| {
        s.receipt_for(acceptance.id, at(20).plus(90), at(20).plus(150), r)
    })?;
    d.post(Seller, &receipt)?;

    println!("3. Service instructions (CIF: the seller contracts carriage and insurance)");
    let carriage = d.act(Seller, |s, r| s.instruct(&carrier, story::carriage(), at(22), r))?;
    d.post(Seller, &carriage)?;
    let insurance = d.act(Seller, |s, r| s.instruct(&insurer, story::insurance(), at(23), r))?;
    d.post(Seller, &insurance)?;

    println!("4. Service proofs: the insurance certificate, then the electronic bill of lading");
    let insured = story::insurance_proof(&d)?;
    let insured = d.act(Insurer, |s, r| s.prove(insurance.id, insured, at(70), r))?;
    d.post(Insurer, &insured)?;
    let shipped = story::carriage_proof(&d);
    let shipped = d.act(Carrier, |s, r| s.prove(carriage.id, shipped, at(72), r))?;
    d.post(Carrier, &shipped)?;

    println!("5. Performance notice, carrying both proofs");
    let proofs = [insured.id, shipped.id];
    let notice = d.act(Seller, |s, r| {
        s.notify_performance(&buyer, terms.price, &proofs, at(74), r)
    })?;
    d.post(Seller, &notice)?;
    let receipt = d.act(Buyer, |s, r| {
        s.receipt_for(notice.id, at(74).plus(5), at(74).plus(10), r)
    })?;
    d.post(Buyer, &receipt)?;

    println!("6. Payment through the buyer's bank (the buyer hands its bank the notice)");
    d.show(Buyer, notice.id, BuyerBank)?;
    let pay = story::payment(
        &terms,
        PayerRole::BuyerBank,
        "RR-2026-0417-COFFEE",
        "SWIFT gpi pacs.008",
    );
    let payment = d.act(BuyerBank, |s, r| s.pay(&seller, notice.id, None, pay, at(96), r))?;
    d.post(BuyerBank, &payment)?;
    d.show(BuyerBank, payment.id, Buyer)?; // the bank's advice to its customer
    let receipt = d.act(Seller, |s, r| {
        s.receipt_for(payment.id, at(96).plus(10), at(96).plus(11), r)
    })?;
    d.post(Seller, &receipt)?;

    println!("7. Title transfer of the bill of lading to the buyer");
    let bill = TitleTransfer {
        document: story::bill(),
    };
    let title = d.act(Seller, |s, r| {
        s.transfer_title(&buyer, bill, shipped.id, payment.id, at(98), r)
    })?;
    d.post(Seller, &title)?;
    let receipt = d.act(Buyer, |s, r| s.receipt_for(title.id, at(98).plus(2), at(98).plus(3), r))?;
    d.post(Buyer, &receipt)?;

    for role in [Seller, Buyer] {
        println!("   {role:?}'s session: {:?}", d.status(role, at(99)));
    }
    let transcript = d.archive(&dir)?;
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
