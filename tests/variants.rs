//! Every legitimate trade variant the model allows passes clean and
//! completes: each Incoterm group, buyer- and seller-arranged carriage,
//! direct and collection flows under D/P and D/A, instalments and partial
//! shipments, bank payments, the CISG excluded.

#[path = "common/scenario.rs"]
mod scenario;

use econtract::*;
use scenario::*;

fn clean(v: Variant) -> Report {
    let s = Scenario::complete(v.clone());
    let r = s.audit(Policy::default());
    assert!(r.findings.is_empty(), "{v:?}: {:#?}", r.findings);
    assert_eq!(r.status, Status::Completed, "{v:?}: {:#?}", r.notices);
    r
}

#[test]
fn every_incoterm_direct() {
    for i in Incoterm::ALL {
        let transport = if i.sea_only() {
            DocumentType::BillOfLading
        } else {
            DocumentType::MultimodalTransportDocument
        };
        clean(Variant {
            incoterm: *i,
            transport: Some(transport),
            ..Variant::default()
        });
    }
}

#[test]
fn collections() {
    for against in [
        PaymentTerms::DocumentsAgainstPayment,
        PaymentTerms::DocumentsAgainstAcceptance,
    ] {
        for via in [false, true] {
            clean(Variant {
                channel: Channel::Collection,
                against,
                via_seller_bank: via,
                ..Variant::default()
            });
        }
    }
}

#[test]
fn payment_and_shipment_variants() {
    let d = Variant::default();
    let da = PaymentTerms::DocumentsAgainstAcceptance;
    for v in [
        Variant {
            against: da,
            ..d.clone()
        },
        Variant {
            against: da,
            instalments: 3,
            ..d.clone()
        },
        Variant {
            bank_pays: true,
            ..d.clone()
        },
        Variant {
            instalments: 4,
            ..d.clone()
        },
        Variant {
            partial: true,
            shipments: 3,
            ..d.clone()
        },
        Variant {
            partial: true,
            shipments: 1,
            ..d.clone()
        },
        Variant {
            partial: true,
            shipments: 2,
            channel: Channel::Collection,
            via_seller_bank: true,
            ..d.clone()
        },
        Variant {
            inspection: true,
            ..d.clone()
        },
        Variant {
            cisg: false,
            ..d.clone()
        },
        Variant {
            incoterm: Incoterm::Fca,
            transport: Some(DocumentType::AirWaybill),
            ..d.clone()
        },
        Variant {
            incoterm: Incoterm::Cpt,
            transport: Some(DocumentType::RoadConsignmentNote),
            ..d.clone()
        },
        Variant {
            incoterm: Incoterm::Fob,
            channel: Channel::Collection,
            against: da,
            instalments: 2,
            ..d.clone()
        },
        Variant {
            incoterm: Incoterm::Exw,
            transport: None,
            ..d.clone()
        },
    ] {
        clean(v);
    }
}
