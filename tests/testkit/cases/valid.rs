//! Testkit cases: legitimate variants, performed: completed, no finding.

use super::*;

pub(super) fn valid(k: &mut Kit) {
    for i in Incoterm::ALL {
        let transport = if i.sea_only() {
            BillOfLading
        } else {
            MultimodalTransportDocument
        };
        let s = complete(variant(|v| {
            v.incoterm = *i;
            v.transport = Some(transport);
        }));
        let who = if i.seller_contracts_carriage() {
            "the seller contracts carriage (A4)"
        } else {
            "the buyer contracts carriage and instructs the carrier (B4)"
        };
        let ins = if i.seller_insures() {
            ", the seller insures for 110% (A5)"
        } else {
            ""
        };
        k.ok(
            &format!("ok-incoterm-{}", i.name().to_lowercase()),
            &format!("{i}, direct D/P, {transport}: {who}{ins}; a legal contract performed (Incoterms 2020)"),
            &s,
        );
    }
    let docs: &[(&str, Incoterm, DocumentType, &str)] = &[
        (
            "ok-cpt-bill-of-lading",
            Incoterm::Cpt,
            BillOfLading,
            "CPT with a bill of lading: any mode, a negotiable B/L as title (Incoterms 2020 A6)",
        ),
        (
            "ok-cfr-sea-waybill",
            Incoterm::Cfr,
            SeaWaybill,
            "CFR with a sea waybill: a sea document that is no document of title, so nothing to transfer (A6; MLETR Art. 2)",
        ),
        (
            "ok-dap-air-waybill",
            Incoterm::Dap,
            AirWaybill,
            "DAP with an air waybill, no document of title: completed on payment (A6; SPEC 18.1)",
        ),
        (
            "ok-fca-road-consignment-note",
            Incoterm::Fca,
            RoadConsignmentNote,
            "FCA, buyer-arranged road carriage with a CMR note, no document of title (B4, A6)",
        ),
        (
            "ok-cip-rail-consignment-note",
            Incoterm::Cip,
            RailConsignmentNote,
            "CIP by rail with a CIM note and insurance (A5): no document of title",
        ),
        (
            "ok-fob-sea-waybill",
            Incoterm::Fob,
            SeaWaybill,
            "FOB with a sea waybill the buyer's carrier issues (B4, A6)",
        ),
        (
            "ok-ddp-multimodal",
            Incoterm::Ddp,
            MultimodalTransportDocument,
            "DDP with a negotiable multimodal transport document (A4, A6; MLETR)",
        ),
    ];
    for (name, i, d, about) in docs {
        let s = complete(variant(|v| {
            v.incoterm = *i;
            v.transport = Some(*d);
        }));
        k.ok(name, about, &s);
    }
    let s = complete(variant(|v| {
        v.incoterm = Incoterm::Exw;
        v.transport = None;
    }));
    k.ok(
        "ok-exw-no-documents",
        "EXW with no document owed: the notice carries no proof, payment completes (Incoterms 2020 EXW A6)",
        &s,
    );
    let s = complete(variant(|v| {
        v.incoterm = Incoterm::Fca;
        v.transport = None;
    }));
    k.ok(
        "ok-fca-no-documents",
        "FCA with no transport document required: nothing to prove, payment completes",
        &s,
    );

    let coll = |against, via| {
        variant(|v| {
            v.channel = Channel::Collection;
            v.against = against;
            v.via_seller_bank = via;
        })
    };
    use PaymentTerms::{DocumentsAgainstAcceptance as Da, DocumentsAgainstPayment as Dp};
    k.ok("ok-collection-dp-presenting-bank", "D/P collection handed straight to the presenting bank, released against payment, proceeds remitted (URC 522 Arts. 4, 7, 16)", &complete(coll(Dp, false)));
    k.ok(
        "ok-collection-dp-via-seller-bank",
        "D/P collection through the remitting bank to the presenting bank (URC 522 Arts. 3, 7, 16)",
        &complete(coll(Dp, true)),
    );
    k.ok(
        "ok-collection-da-presenting-bank",
        "D/A collection: released against the buyer's acceptance of a 90-day draft, paid at maturity (URC 522 Art. 7)",
        &complete(coll(Da, false)),
    );
    k.ok(
        "ok-collection-da-via-seller-bank",
        "D/A collection through the seller's bank, draft paid at maturity, proceeds remitted (URC 522 Arts. 7, 16)",
        &complete(coll(Da, true)),
    );
    let mut v = coll(Dp, false);
    v.incoterm = Incoterm::Fob;
    k.ok(
        "ok-collection-dp-fob",
        "D/P collection under FOB: the buyer instructs the carrier, the seller hands the B/L to the bank (B4; URC 522)",
        &complete(v),
    );
    let mut v = coll(Dp, true);
    v.instalments = 2;
    k.ok(
        "ok-collection-dp-instalments",
        "D/P collection paid in two instalments to the presenting bank, each remitted (URC 522 Arts. 7, 16)",
        &complete(v),
    );
    let mut v = coll(Da, false);
    v.instalments = 3;
    k.ok(
        "ok-collection-da-draft-paid-in-three",
        "D/A collection: the accepted draft is paid at maturity in three parts (URC 522 Art. 7)",
        &complete(v),
    );
    let mut v = coll(Dp, false);
    v.incoterm = Incoterm::Cpt;
    v.transport = Some(MultimodalTransportDocument);
    k.ok(
        "ok-collection-dp-cpt-multimodal",
        "D/P collection of a negotiable multimodal transport document under CPT (URC 522; MLETR)",
        &complete(v),
    );
    let mut v = coll(Dp, false);
    v.inspection = true;
    k.ok(
        "ok-collection-dp-inspection",
        "D/P collection with an inspection certificate among the documents (URC 522 Art. 12)",
        &complete(v),
    );
    let mut v = coll(Dp, true);
    v.partial = true;
    v.shipments = 2;
    k.ok(
        "ok-collection-dp-two-bills",
        "D/P collection of two bills of lading from two partial shipments (UCP 600 Art. 31; URC 522)",
        &complete(v),
    );
    let mut v = coll(Da, true);
    v.incoterm = Incoterm::Cip;
    v.transport = Some(MultimodalTransportDocument);
    k.ok(
        "ok-collection-da-cip",
        "D/A collection under CIP through both banks (Incoterms A5; URC 522 Art. 7)",
        &complete(v),
    );

    let da = |f: &dyn Fn(&mut Variant)| {
        let mut v = variant(|v| v.against = Da);
        f(&mut v);
        v
    };
    k.ok("ok-direct-da", "direct D/A: the seller releases title on the buyer's acceptance of the 90-day draft; paid at maturity (URC 522 Art. 7)", &complete(da(&|_| {})));
    k.ok(
        "ok-direct-da-three-instalments",
        "direct D/A: the draft paid at maturity in three instalments (CISG 53)",
        &complete(da(&|v| v.instalments = 3)),
    );
    k.ok(
        "ok-direct-da-fob",
        "direct D/A under FOB, buyer-arranged carriage (B4; URC 522 Art. 7)",
        &complete(da(&|v| v.incoterm = Incoterm::Fob)),
    );
    k.ok(
        "ok-direct-da-partial",
        "direct D/A with two partial shipments and two bills of lading (UCP 600 Art. 31)",
        &complete(da(&|v| {
            v.partial = true;
            v.shipments = 2;
        })),
    );

    k.ok(
        "ok-bank-pays",
        "the buyer's bank named in the terms pays the seller for the buyer (CISG 53, 54)",
        &complete(variant(|v| v.bank_pays = true)),
    );
    k.ok(
        "ok-bank-pays-instalments",
        "the buyer's bank pays in two instalments (CISG 54; ISO 20022)",
        &complete(variant(|v| {
            v.bank_pays = true;
            v.instalments = 2;
        })),
    );
    k.ok(
        "ok-bank-pays-fob",
        "the buyer's bank pays under FOB, buyer-arranged carriage (CISG 54; B4)",
        &complete(variant(|v| {
            v.bank_pays = true;
            v.incoterm = Incoterm::Fob;
        })),
    );
    for n in [2, 3, 6] {
        k.ok(
            &format!("ok-instalments-{n}"),
            &format!("the price paid in {n} instalments that add up exactly (CISG 53)"),
            &complete(variant(|v| v.instalments = n)),
        );
    }
    for n in [2, 3] {
        k.ok(
            &format!("ok-partial-shipments-{n}"),
            &format!("partial shipments allowed, goods shipped in {n} lots, {n} bills of lading transferred (UCP 600 Art. 31(a); CISG 51)"),
            &complete(variant(|v| {
                v.partial = true;
                v.shipments = n;
            })),
        );
    }
    k.ok(
        "ok-partial-allowed-one-lot",
        "partial shipments allowed but the goods go in one lot (UCP 600 Art. 31(a))",
        &complete(variant(|v| v.partial = true)),
    );
    k.ok(
        "ok-partial-and-instalments",
        "two partial shipments paid in two instalments (CISG 51, 73)",
        &complete(variant(|v| {
            v.partial = true;
            v.shipments = 2;
            v.instalments = 2;
        })),
    );
    k.ok(
        "ok-inspection-cif",
        "CIF with a passed inspection certificate required (CISG 35, 36)",
        &complete(variant(|v| v.inspection = true)),
    );
    k.ok(
        "ok-inspection-fob",
        "FOB with an inspection certificate the seller orders (CISG 35; B4)",
        &complete(variant(|v| {
            v.inspection = true;
            v.incoterm = Incoterm::Fob;
        })),
    );
    k.ok("ok-everything", "CIF, inspection, three partial shipments, D/P collection via the seller's bank, three instalments (URC 522; UCP 600 Art. 31)", &complete(variant(|v| {
        v.inspection = true;
        v.partial = true;
        v.shipments = 3;
        v.channel = Channel::Collection;
        v.via_seller_bank = true;
        v.instalments = 3;
    })));
    let s = complete(variant(|v| v.cisg = false));
    k.ok(
        "ok-cisg-excluded",
        "the CISG excluded by the contract (Art. 6): formation judged by the UNIDROIT Principles, no finding",
        &s,
    );
    let s = complete_default();
    k.add(
        "ok-cisg-excluded-by-policy",
        "the auditor excludes the CISG by policy (Art. 6): the same contract is still formed and performed",
        &s,
        policy(|p| p.cisg = Some(false)),
        Completed,
        &[],
    );
    let s = complete(variant(|v| v.cisg = false));
    k.add(
        "ok-cisg-applied-by-policy",
        "the policy applies the CISG although the contract excludes it: still a legal contract",
        &s,
        policy(|p| p.cisg = Some(true)),
        Completed,
        &[],
    );
    let mut s = Scenario::new(variant(|v| v.cisg = false));
    offer_at(&mut s, "offer", 0, None, false);
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        20 * DAY,
        Acceptance::default(),
        &["offer"],
    );
    perform(&mut s, 21 * DAY);
    k.add(
        "ok-cisg-excluded-no-lapse",
        "CISG excluded, offer without fixed time accepted after 20 days; the policy lets such an offer stand (UNIDROIT 2.1.7 left to policy)",
        &s,
        policy(|p| p.reasonable_time_without_cisg = false),
        Completed,
        &[],
    );
    // Buyer's view of its own contract.
    let s = complete_default();
    k.archive(
        "ok-buyer-archive",
        "the buyer's own archive: the notice carries the proofs it never received itself (SPEC 18.5)",
        &s,
        Who::Buyer,
        Completed,
    );
    let s = complete(variant(|v| v.incoterm = Incoterm::Fob));
    k.archive(
        "ok-buyer-archive-fob",
        "the buyer's own archive under FOB: its own carriage instruction, the proofs carried in the notice",
        &s,
        Who::Buyer,
        Completed,
    );
    // After completion the buyer may pass the document on or surrender it.
    let mut s = complete_default();
    let w = after_all(&s);
    let x = title_body(&s);
    s.send("onward", Who::Buyer, Who::Stranger, w, x.clone(), &["title.0"]);
    s.send("surrender", Who::Stranger, Who::Carrier, w + H, x, &["onward"]);
    k.ok("ok-endorsed-then-surrendered", "after completion the buyer endorses the B/L to a sub-buyer, who surrenders it for delivery (MLETR Art. 11, 17)", &s);
    let mut s = complete_default();
    let w = after_all(&s);
    let x = title_body(&s);
    s.send("surrender", Who::Buyer, Who::Carrier, w, x, &["title.0"]);
    k.ok(
        "ok-surrendered-for-delivery",
        "the buyer surrenders the B/L to the carrier to take delivery (DCSA SURRENDER_FOR_DELIVERY; MLETR Art. 17)",
        &s,
    );
}
