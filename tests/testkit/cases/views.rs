//! Testkit cases: partial views, a provider's or bank's own archive.

use super::*;

pub(super) fn views(k: &mut Kit) {
    let s = complete_default();
    k.view("view-carrier", "the carrier's own archive (viewer = carrier): its instruction and proof; what it cannot see is outside its view (SPEC 18.9)", &s, Who::Carrier);
    k.view(
        "view-insurer",
        "the insurer's own archive: its instruction and its insurance proof",
        &s,
        Who::Insurer,
    );
    let s = complete(variant(|v| v.incoterm = Incoterm::Fob));
    k.view(
        "view-carrier-fob",
        "the carrier's archive under FOB: instructed by the buyer (B4)",
        &s,
        Who::Carrier,
    );
    let s = complete(variant(|v| {
        v.partial = true;
        v.shipments = 3;
    }));
    k.view(
        "view-carrier-three-shipments",
        "the carrier's archive of three partial shipments",
        &s,
        Who::Carrier,
    );
    let s = complete(variant(|v| v.inspection = true));
    k.view(
        "view-inspector",
        "the inspection agency's archive: instruction and passed certificate",
        &s,
        Who::Inspector,
    );
    let mut s = complete_default();
    let w = after_all(&s);
    let x = title_body(&s);
    s.send("surrender", Who::Buyer, Who::Carrier, w, x, &["title.0"]);
    k.view("view-carrier-surrender", "the carrier's archive: it issued the B/L and later receives it from the buyer for delivery; the transfers between lie outside its view (MLETR Art. 11; SPEC 18.9)", &s, Who::Carrier);
    let coll = |against, via| {
        variant(|v| {
            v.channel = Channel::Collection;
            v.against = against;
            v.via_seller_bank = via;
        })
    };
    use PaymentTerms::{DocumentsAgainstAcceptance as Da, DocumentsAgainstPayment as Dp};
    let s = complete(coll(Dp, false));
    k.view(
        "view-presenting-bank-dp",
        "the presenting bank's archive of a D/P collection: instruction, payment, release, remittance (URC 522)",
        &s,
        Who::BuyerBank,
    );
    let s = complete(coll(Dp, true));
    k.view(
        "view-presenting-bank-dp-via",
        "the presenting bank's archive when the remitting bank forwards the documents (URC 522 Art. 3)",
        &s,
        Who::BuyerBank,
    );
    k.view(
        "view-remitting-bank-dp",
        "the remitting bank's archive: the seller's instruction, its forwarding, the proceeds (URC 522 Arts. 3, 16)",
        &s,
        Who::SellerBank,
    );
    let s = complete(coll(Da, true));
    k.view(
        "view-presenting-bank-da",
        "the presenting bank's archive of a D/A collection: accepted draft, release, payment at maturity",
        &s,
        Who::BuyerBank,
    );
    k.view(
        "view-remitting-bank-da",
        "the remitting bank's archive of a D/A collection",
        &s,
        Who::SellerBank,
    );
    let s = complete(variant(|v| v.bank_pays = true));
    k.view(
        "view-paying-bank",
        "the buyer's bank that paid for the buyer, direct channel: its payment only",
        &s,
        Who::BuyerBank,
    );
    let s = complete(variant(|v| {
        v.channel = Channel::Collection;
        v.instalments = 3;
    }));
    k.view(
        "view-presenting-bank-instalments",
        "the presenting bank's archive of three instalments and three remittances",
        &s,
        Who::BuyerBank,
    );
    let mut s = Scenario::new(coll(Dp, false));
    s.offer().accept().instruct().prove().notify().collect();
    k.view(
        "view-presenting-bank-unpaid",
        "the presenting bank's archive while it holds the documents, unpaid (URC 522 Art. 7)",
        &s,
        Who::BuyerBank,
    );
    let mut s = Scenario::new(dflt());
    s.offer().accept().instruct();
    k.view(
        "view-carrier-instructed",
        "the carrier's archive holding only its instruction",
        &s,
        Who::Carrier,
    );
}
