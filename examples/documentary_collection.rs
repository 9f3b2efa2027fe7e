//! The same CIF sale of coffee, documents against payment through a
//! documentary collection (URC 522): the seller hands the electronic bill of
//! lading and the insurance certificate to its bank (the remitting bank)
//! with a collection instruction; the remitting bank passes the bill of
//! lading to the buyer's bank (the presenting bank); the buyer pays the
//! presenting bank, which releases the bill of lading to the buyer and
//! remits the proceeds. Each party acts through its own `Session`, as in
//! `international_trade`, and the archives are audited the same way.
//!
//! ```sh
//! cargo run --example documentary_collection            # writes ./collection-demo/
//! cargo run --example documentary_collection -- DIR     # writes DIR/
//! ```

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
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "collection-demo".into()));
    println!("International sale of coffee, CIF Rotterdam, D/P through a documentary collection");
    let mut d = Desk::new(&dir, "EC-2026-0419")?;
    let terms = story::terms(&d, true)?;
    let (buyer, carrier, insurer) = (d.card(Buyer), d.card(Carrier), d.card(Insurer));
    let (remitting, presenting) = (d.card(SellerBank), d.card(BuyerBank));

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

    println!("3. Service instructions");
    let carriage = d.act(Seller, |s, r| s.instruct(&carrier, story::carriage(), at(22), r))?;
    d.post(Seller, &carriage)?;
    let insurance = d.act(Seller, |s, r| s.instruct(&insurer, story::insurance(), at(23), r))?;
    d.post(Seller, &insurance)?;

    println!("4. Service proofs");
    let insured = story::insurance_proof(&d)?;
    let insured = d.act(Insurer, |s, r| s.prove(insurance.id, insured, at(70), r))?;
    d.post(Insurer, &insured)?;
    let shipped = story::carriage_proof(&d);
    let shipped = d.act(Carrier, |s, r| s.prove(carriage.id, shipped, at(72), r))?;
    d.post(Carrier, &shipped)?;

    println!("5. Performance notice");
    let proofs = [insured.id, shipped.id];
    let notice = d.act(Seller, |s, r| {
        s.notify_performance(&buyer, terms.price, &proofs, at(74), r)
    })?;
    d.post(Seller, &notice)?;
    let receipt = d.act(Buyer, |s, r| {
        s.receipt_for(notice.id, at(74).plus(5), at(74).plus(10), r)
    })?;
    d.post(Buyer, &receipt)?;

    println!("   Collection: the seller hands the documents to its bank, which sends the bill to the buyer's bank");
    let instruction = CollectionInstruction {
        documents: vec![story::certificate(), story::bill()],
        terms: PaymentTerms::DocumentsAgainstPayment,
        amount: terms.price,
        presenting_bank: presenting.id(),
        tenor_days: None,
    };
    let handed = d.act(Seller, |s, r| {
        s.hand_over_documents(&remitting, instruction, &proofs, at(75), r)
    })?;
    d.post(Seller, &handed)?;
    d.show(SellerBank, handed.id, BuyerBank)?; // the instruction travels with the documents
    let bill = TitleTransfer {
        document: story::bill(),
    };
    let forwarded = d.act(SellerBank, |s, r| s.send(&presenting, bill, &[handed.id], at(76), r))?;
    d.post(SellerBank, &forwarded)?;
    d.show(BuyerBank, handed.id, Buyer)?; // presentation to the drawee (URC 522 Art. 5),
    d.show(BuyerBank, forwarded.id, Buyer)?; // with the bank's title to the bill

    println!("6. The buyer pays the presenting bank");
    let pay = story::payment(&terms, PayerRole::Buyer, "RR-2026-0419-COFFEE", "SWIFT gpi pacs.008");
    let payment = d.act(Buyer, |s, r| s.pay(&presenting, notice.id, None, pay, at(96), r))?;
    d.post(Buyer, &payment)?;
    let receipt = d.act(BuyerBank, |s, r| {
        s.receipt_for(payment.id, at(96).plus(10), at(96).plus(11), r)
    })?;
    d.post(BuyerBank, &receipt)?;

    println!("7. The presenting bank releases the bill of lading to the buyer against payment");
    let bill = TitleTransfer {
        document: story::bill(),
    };
    let release = d.act(BuyerBank, |s, r| {
        s.transfer_title(&buyer, bill, forwarded.id, payment.id, at(98), r)
    })?;
    d.post(BuyerBank, &release)?;
    let receipt = d.act(Buyer, |s, r| {
        s.receipt_for(release.id, at(98).plus(2), at(98).plus(3), r)
    })?;
    d.post(Buyer, &receipt)?;

    println!("   The presenting bank remits the proceeds to the remitting bank");
    let remit = story::payment(
        &terms,
        PayerRole::CollectingBank,
        "HB-REMIT-2026-0419",
        "SWIFT gpi pacs.009",
    );
    d.show(BuyerBank, payment.id, SellerBank)?; // advice of payment (URC 522 Art. 26)
    d.show(BuyerBank, release.id, SellerBank)?;
    let remittance = d.act(BuyerBank, |s, r| s.send(&remitting, remit, &[payment.id], at(100), r))?;
    d.post(BuyerBank, &remittance)?;
    println!("   The remitting bank advises the seller and credits the proceeds");
    for id in [forwarded.id, payment.id, release.id, remittance.id] {
        d.show(SellerBank, id, Seller)?;
    }

    for role in [Seller, Buyer] {
        println!("   {role:?}'s session: {:?}", d.status(role, at(101)));
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
    if !report.is_complete() || report.remitted != report.paid {
        return Err("the collection did not validate as completed with the proceeds remitted".into());
    }
    Ok(())
}
