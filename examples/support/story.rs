//! The bodies of the example contract's messages: a coffee sale, CIF
//! Rotterdam, documents against payment, paid directly or through a
//! documentary collection.

use econtract::*;
use rand_core::Rng;

use super::desk::{Desk, Res, Role, at};

/// The terms, paid directly by the buyer's bank or collected through the banks.
pub fn terms(d: &Desk, collection: bool) -> Res<Terms> {
    Ok(Terms {
        seller: d.id(Role::Seller),
        buyer: d.id(Role::Buyer),
        goods: vec![GoodsLine {
            description: "Brazilian Arabica green coffee, NY grade 2/3, screen 17/18, crop 2025/26".into(),
            quantity: 19_200,
            unit: "KGM".into(),
        }],
        price: Amount::new("USD", 9_600_000)?,
        incoterm: Incoterm::Cif,
        place: "Rotterdam".into(),
        payment: PaymentClause {
            terms: PaymentTerms::DocumentsAgainstPayment,
            method: if collection {
                "documentary collection, URC 522; SWIFT gpi credit transfer".into()
            } else {
                "SWIFT gpi credit transfer by the buyer's bank".into()
            },
            channel: if collection {
                Channel::Collection
            } else {
                Channel::Direct
            },
            tenor_days: None,
            buyer_bank: Some(d.id(Role::BuyerBank)),
            seller_bank: collection.then(|| d.id(Role::SellerBank)),
        },
        documents: vec![
            DocumentRequirement {
                document_type: DocumentType::BillOfLading,
                issuer: d.id(Role::Carrier),
                title: true,
            },
            DocumentRequirement {
                document_type: DocumentType::InsuranceDocument,
                issuer: d.id(Role::Insurer),
                title: false,
            },
        ],
        shipment: Shipment {
            partial: false,
            latest: Some(at(10 * 24)),
        },
        law: Law {
            cisg: true,
            governing: "CISG; otherwise English law; arbitration under the LCIA Rules, London".into(),
        },
    })
}

pub fn offer(terms: &Terms) -> Offer {
    Offer {
        terms: terms.clone(),
        lapse: Some(at(7 * 24)),
        irrevocable: false,
    }
}

pub fn acceptance() -> Acceptance {
    Acceptance {
        note: Some("Accepted as offered.".into()),
        ..Acceptance::default()
    }
}

pub fn carriage() -> ServiceInstruction {
    ServiceInstruction {
        service: ServiceKind::Carriage,
        task: "Carry 320 bags in one 20ft container, Santos to Rotterdam; issue a negotiable electronic bill of lading to the seller".into(),
    }
}

pub fn insurance() -> ServiceInstruction {
    ServiceInstruction {
        service: ServiceKind::Insurance,
        task: "Insure the cargo on Institute Cargo Clauses (A) for 110% of the CIF value".into(),
    }
}

const CERTIFICATE: &[u8] = b"INSURANCE CERTIFICATE MC-2026-88231: ICC (A), USD 105,600.00, warehouse to warehouse";
const EBL: &[u8] = b"ELECTRONIC BILL OF LADING AOL-SSZ-RTM-2026-000417: 320 bags green coffee, shipped on board MV Atlantic Star, Santos, 2026-03-05";

pub fn insurance_proof(d: &Desk) -> Res<ServiceProof> {
    Ok(ServiceProof {
        document: Document {
            document_type: DocumentType::InsuranceDocument,
            id: "MC-2026-88231".into(),
            digest: Digest::of(CERTIFICATE),
            issued_to: d.id(Role::Seller),
            title: false,
            issued: at(70),
        },
        facts: Facts::Insurance {
            insured: Amount::new("USD", 10_560_000)?,
            cover_from: at(70),
        },
        comment: Some("Institute Cargo Clauses (A)".into()),
    })
}

pub fn carriage_proof(d: &Desk) -> ServiceProof {
    ServiceProof {
        document: Document {
            document_type: DocumentType::BillOfLading,
            id: "AOL-SSZ-RTM-2026-000417".into(),
            digest: Digest::of(EBL),
            issued_to: d.id(Role::Seller),
            title: true,
            issued: at(72),
        },
        facts: Facts::Carriage {
            quantities: vec![19_200],
            shipped: at(72),
            clean: true,
        },
        comment: Some("Shipped on board MV Atlantic Star at Santos; container MSCU 123456-5".into()),
    }
}

/// The bill of lading, as a transfer names it.
pub fn bill() -> DocumentRef {
    DocumentRef {
        id: "AOL-SSZ-RTM-2026-000417".into(),
        digest: Digest::of(EBL),
    }
}

/// The insurance certificate, as a collection instruction names it.
#[allow(dead_code)] // used by documentary_collection
pub fn certificate() -> DocumentRef {
    DocumentRef {
        id: "MC-2026-88231".into(),
        digest: Digest::of(CERTIFICATE),
    }
}

/// A final payment of the price by `payer`.
pub fn payment(terms: &Terms, payer: PayerRole, reference: &str, method: &str) -> Payment {
    let mut uetr = [0u8; 16];
    rand_core::UnwrapErr(getrandom::SysRng).fill_bytes(&mut uetr);
    Payment {
        amount: terms.price,
        end_to_end_id: reference.into(),
        uetr: Uetr::from_random(uetr),
        instrument: Instrument::FundsTransfer,
        method: method.into(),
        is_final: true,
        payer,
        maturity: None,
        tenor_days: None,
    }
}
