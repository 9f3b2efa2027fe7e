//! Testkit cases: unfinished contracts, the status reached, no finding.

use super::*;

pub(super) fn unfinished(k: &mut Kit) {
    let s = Scenario::new(dflt());
    k.add(
        "open-no-offer",
        "the parties' cards only: no offer yet",
        &s,
        pd(),
        NoOffer,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.offer();
    k.add(
        "open-offer",
        "an offer and its receipt, no reply yet (CISG 14, 15)",
        &s,
        pd(),
        OfferOutstanding,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.receipt_delay = None;
    s.offer();
    k.add(
        "open-offer-without-receipt",
        "an offer not yet shown to have reached the buyer",
        &s,
        pd(),
        OfferOutstanding,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.offer();
    s.receipt_delay = None;
    s.accept();
    k.add(
        "open-acceptance-not-yet-reached",
        "an acceptance with no receipt yet: not effective until it reaches the seller (CISG 18(2))",
        &s,
        pd(),
        OfferOutstanding,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.offer().accept();
    k.add(
        "open-concluded",
        "offer and acceptance reached: the contract is concluded (CISG 23)",
        &s,
        pd(),
        Concluded,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.offer().accept().instruct();
    k.add(
        "open-instructed",
        "the carrier and the insurer instructed (source step 3)",
        &s,
        pd(),
        Instructed,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.offer().accept().instruct();
    let b = s.proof_body(ServiceKind::Insurance, 0, 20 * H);
    s.send(
        "proof.insurance",
        Who::Insurer,
        Who::Seller,
        20 * H,
        b,
        &["instruct.insurance"],
    );
    k.add(
        "open-partly-proven",
        "the insurance proven, the shipment not yet (source step 4)",
        &s,
        pd(),
        Instructed,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.offer().accept().instruct().prove();
    k.add(
        "open-serviced",
        "every required document proven, no notice yet (source step 4)",
        &s,
        pd(),
        Serviced,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.offer().accept().instruct().prove().notify();
    k.add(
        "open-notified",
        "the seller has notified performance; payment outstanding (source step 5)",
        &s,
        pd(),
        PerformanceNotified,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.offer().accept().instruct().prove().notify().pay();
    k.add(
        "open-paid",
        "paid in full, title not yet transferred (source step 6)",
        &s,
        pd(),
        Paid,
        &[],
    );
    let mut s = Scenario::new(variant(|v| v.instalments = 2));
    s.offer().accept().instruct().prove().notify().pay();
    s.records.truncate(at(&s, "pay.1"));
    k.add(
        "open-first-instalment",
        "one instalment of two paid (CISG 53)",
        &s,
        pd(),
        PerformanceNotified,
        &[],
    );
    let mut s = Scenario::new(variant(|v| v.against = PaymentTerms::DocumentsAgainstAcceptance));
    s.offer().accept().instruct().prove().notify().pay();
    k.add(
        "open-draft-accepted",
        "direct D/A: the buyer accepted the draft, title may pass (URC 522 Art. 7)",
        &s,
        pd(),
        Paid,
        &[],
    );
    let mut s = Scenario::new(variant(|v| v.against = PaymentTerms::DocumentsAgainstAcceptance));
    s.offer().accept().instruct().prove().notify().pay().transfer();
    k.add(
        "open-da-title-transferred",
        "direct D/A: title with the buyer, the draft not yet paid at maturity",
        &s,
        pd(),
        TitleTransferred,
        &[],
    );
    let mut s = Scenario::new(variant(|v| {
        v.against = PaymentTerms::DocumentsAgainstAcceptance;
        v.instalments = 2;
    }));
    s.offer()
        .accept()
        .instruct()
        .prove()
        .notify()
        .pay()
        .transfer()
        .pay_draft();
    s.records.truncate(at(&s, "pay.1"));
    k.add(
        "open-da-draft-part-paid",
        "direct D/A: title transferred, the draft half paid",
        &s,
        pd(),
        TitleTransferred,
        &[],
    );
    let coll = variant(|v| v.channel = Channel::Collection);
    let mut s = Scenario::new(coll.clone());
    s.offer().accept().instruct().prove().notify().collect();
    k.add(
        "open-collection-handed-over",
        "D/P collection: the documents are with the presenting bank, not yet paid (URC 522 Art. 4)",
        &s,
        pd(),
        PerformanceNotified,
        &[],
    );
    let mut s = Scenario::new(coll);
    s.offer().accept().instruct().prove().notify().collect().pay();
    k.add(
        "open-collection-paid",
        "D/P collection: the buyer paid the presenting bank; documents not yet released",
        &s,
        pd(),
        Paid,
        &[],
    );
    let mut s = Scenario::new(variant(|v| {
        v.channel = Channel::Collection;
        v.against = PaymentTerms::DocumentsAgainstAcceptance;
        v.via_seller_bank = true;
    }));
    s.offer()
        .accept()
        .instruct()
        .prove()
        .notify()
        .collect()
        .pay()
        .transfer();
    k.add(
        "open-collection-da-released",
        "D/A collection via both banks: released on the draft's acceptance, not yet paid",
        &s,
        pd(),
        TitleTransferred,
        &[],
    );
    let mut s = Scenario::new(variant(|v| {
        v.partial = true;
        v.shipments = 2;
    }));
    s.offer().accept().instruct().prove();
    s.records.truncate(at(&s, "proof.carriage.1"));
    k.add(
        "open-first-of-two-shipments",
        "the first of two partial shipments made (UCP 600 Art. 31)",
        &s,
        pd(),
        Instructed,
        &[],
    );
    let mut s = Scenario::new(variant(|v| v.incoterm = Incoterm::Fob));
    s.offer().accept().instruct();
    k.add(
        "open-fob-buyer-instructed",
        "FOB: the buyer has instructed its carrier (B4)",
        &s,
        pd(),
        Instructed,
        &[],
    );
}
