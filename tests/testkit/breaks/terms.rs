//! Rule-breaking cases: TERMS (the terms of the contract).

use super::*;

pub(super) fn terms(k: &mut Kit) {
    let mut s = Scenario::new(dflt());
    s.terms.documents.retain(|d| d.document_type != InsuranceDocument);
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "terms-incoterm-cif-uninsured",
        "TERMS-INCOTERM: CIF terms that require no insurance document (Incoterms 2020 CIF A5)",
        &s,
        pd(),
        Completed,
        &[(TermsIncoterm, at(&s, "offer"))],
    );
    let mut s = Scenario::new(variant(|v| {
        v.incoterm = Incoterm::Cpt;
        v.transport = None;
    }));
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "terms-incoterm-cpt-no-transport",
        "TERMS-INCOTERM: CPT terms that require no transport document, though the seller contracts carriage (A4, A6)",
        &s,
        pd(),
        Completed,
        &[(TermsIncoterm, at(&s, "offer"))],
    );
    let mut s = Scenario::new(variant(|v| {
        v.incoterm = Incoterm::Fob;
        v.transport = Some(MultimodalTransportDocument);
    }));
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "terms-incoterm-fob-multimodal",
        "TERMS-INCOTERM: FOB is for sea transport only, but the terms require a multimodal transport document",
        &s,
        pd(),
        Completed,
        &[(TermsIncoterm, at(&s, "offer"))],
    );
    let mut s = Scenario::new(variant(|v| {
        v.incoterm = Incoterm::Cif;
        v.transport = Some(AirWaybill);
    }));
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "terms-incoterm-cif-air-waybill",
        "TERMS-INCOTERM: CIF (sea only) with an air waybill",
        &s,
        pd(),
        Completed,
        &[(TermsIncoterm, at(&s, "offer"))],
    );

    let mut s = Scenario::new(dflt());
    let seller = s.pid(Who::Seller);
    s.terms.documents.push(DocumentRequirement {
        document_type: CertificateOfOrigin,
        issuer: seller,
        title: false,
    });
    s.offer().accept();
    k.add("terms-issuer-seller-certifies", "TERMS-ISSUER: the seller is to issue the certificate of origin itself; a required document comes from a third party (UCP 600 Arts. 19-28)", &s, pd(), Concluded, &[(TermsIssuer, at(&s, "offer"))]);
    let mut s = Scenario::new(variant(|v| v.transport = Some(SeaWaybill)));
    s.terms.documents[0].title = true;
    s.offer().accept();
    k.add(
        "terms-issuer-waybill-as-title",
        "TERMS-ISSUER: the terms require a sea waybill as a document of title, which it never is (MLETR Art. 2)",
        &s,
        pd(),
        Concluded,
        &[(TermsIssuer, at(&s, "offer"))],
    );
    let mut s = Scenario::new(dflt());
    let buyer = s.pid(Who::Buyer);
    s.terms.documents.push(DocumentRequirement {
        document_type: InspectionCertificate,
        issuer: buyer,
        title: false,
    });
    s.offer().accept();
    k.add(
        "terms-issuer-buyer-inspects",
        "TERMS-ISSUER: the buyer is to issue the inspection certificate; an independent inspector does",
        &s,
        pd(),
        Concluded,
        &[(TermsIssuer, at(&s, "offer"))],
    );

    let mut s = Scenario::new(variant(|v| v.against = PaymentTerms::DocumentsAgainstAcceptance));
    s.terms.payment.tenor_days = None;
    s.offer().accept().instruct().prove().notify();
    k.add("terms-tenor-da-without-tenor", "TERMS-TENOR: documents against acceptance without a tenor leave the draft's term to the drawee (URC 522 Art. 7)", &s, pd(), PerformanceNotified, &[(TermsTenor, at(&s, "offer"))]);
    let mut s = Scenario::new(dflt());
    s.terms.payment.tenor_days = Some(30);
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "terms-tenor-dp-with-tenor",
        "TERMS-TENOR: documents against payment with a tenor; there is no draft to accept (URC 522 Art. 7)",
        &s,
        pd(),
        Completed,
        &[(TermsTenor, at(&s, "offer"))],
    );

    let mut s = Scenario::new(variant(|v| v.channel = Channel::Collection));
    s.terms.payment.buyer_bank = None;
    s.offer().accept().instruct().prove().notify();
    k.add(
        "terms-collection-no-presenting-bank",
        "TERMS-COLLECTION: a collection without the buyer's bank to present the documents (URC 522 Art. 3)",
        &s,
        pd(),
        PerformanceNotified,
        &[(TermsCollection, at(&s, "offer"))],
    );
    let mut s = Scenario::new(dflt());
    s.terms.payment.buyer_bank = Some(s.pid(Who::Buyer));
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "terms-collection-buyer-as-bank",
        "TERMS-COLLECTION: the terms name the buyer itself as the buyer's bank (URC 522 Art. 3)",
        &s,
        pd(),
        Completed,
        &[(TermsCollection, at(&s, "offer"))],
    );
}
