//! Seals an offer from a seller to a buyer and opens it on the buyer's side.
//!
//! Run with `cargo run --example seal_offer`.

use econtract::*;
use getrandom::SysRng;
use rand_core::UnwrapErr;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut rng = UnwrapErr(SysRng);
    let now = UnixTime::parse_rfc3339("2026-03-01T09:30:00Z")?;

    // Each party generates its keys once and publishes its card.
    let seller = PartySecret::generate("Seller Ltd", now, &mut rng)?;
    let buyer = PartySecret::generate("Buyer GmbH", now, &mut rng)?;
    println!("seller {} ({})", seller.name(), seller.id());
    println!("buyer  {} ({})", buyer.name(), buyer.id());

    let contract = ContractId::new("EC-2026-0042")?;
    let offer = Offer {
        terms: Terms {
            seller: seller.id(),
            buyer: buyer.id(),
            goods: vec![GoodsLine {
                description: "Arabica green coffee, grade 1".into(),
                quantity: 19_200,
                unit: "KGM".into(),
            }],
            price: Amount::new("USD", 9_600_000)?,
            incoterm: Incoterm::Fob,
            place: "Santos".into(),
            payment: PaymentClause {
                terms: PaymentTerms::DocumentsAgainstPayment,
                method: "credit transfer".into(),
                channel: Channel::Direct,
                tenor_days: None,
                buyer_bank: None,
                seller_bank: None,
            },
            // A real sale names the documents owed and their issuers
            // (`DocumentRequirement`); this sketch requires none.
            documents: vec![],
            shipment: Shipment {
                partial: false,
                latest: Some(now.plus(30 * 86_400)),
            },
            law: Law {
                cisg: true,
                governing: "CISG".into(),
            },
        },
        lapse: Some(now.plus(7 * 86_400)),
        irrevocable: false,
    };

    // Seller: sign for the buyer, then seal to the buyer's encryption key.
    let statement = Statement::build(&seller, buyer.card(), &contract, now, offer).sign()?;
    let envelope = seal(&statement, buyer.card(), &mut rng)?;
    println!(
        "statement {} ({} bytes), envelope {} bytes",
        statement.id(),
        statement.as_bytes().len(),
        envelope.len()
    );

    // Buyer: open with its own secret and the seller's card.
    let opened = open(&envelope, &buyer, seller.card(), Some(&contract))?;
    let Message::Offer(o) = opened.message() else {
        return Err("expected an offer".into());
    };
    println!(
        "buyer opened a verified {} from {} signed at {}: {} x {} {} for {}",
        opened.kind(),
        opened.sender(),
        opened.time(),
        o.terms.goods[0].description,
        o.terms.goods[0].quantity,
        o.terms.goods[0].unit,
        o.terms.price
    );

    // A single flipped bit is refused.
    let mut tampered = envelope.clone();
    tampered[envelope.len() / 2] ^= 1;
    match open(&tampered, &buyer, seller.card(), Some(&contract)) {
        Err(e) => println!("tampered envelope refused: {e}"),
        Ok(_) => return Err("tampered envelope accepted".into()),
    }
    Ok(())
}
