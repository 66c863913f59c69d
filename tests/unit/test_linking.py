"""The linking rules on their own: evidence read from fields, and the decision against who is on file."""

from __future__ import annotations

from docarchive.domain.documents import DocType
from docarchive.domain.linking import (
    CONFLICT,
    CUSTOMER_NOT_ON_FILE,
    ID_NUMBER,
    INVALID_ID_NUMBER,
    LOW_CONFIDENCE,
    NAME,
    NAME_SUGGESTION,
    NO_CUSTOMER,
    PAGE_NUMBER,
    Evidence,
    OnFile,
    decide,
    mask_id,
    read_evidence,
    record_reasons,
)

US = ("上海恒通商贸有限公司",)
ID_X = "110105194912310021"


class Directory:
    def __init__(self, *customers: OnFile):
        self.customers = customers

    def by_number(self, customer_no):
        return next((c for c in self.customers if c.customer_no == customer_no), None)

    def by_id_number(self, id_number):
        return [c for c in self.customers if c.id_number == id_number]

    def by_name(self, name):
        return [c for c in self.customers if c.name == name]


def reasons(decision):
    return [flag["reason"] for flag in decision.reasons]


def test_the_customer_on_a_contract_is_the_party_that_is_not_us():
    fields = {"party_a": "北京华辰科技有限公司", "party_b": "上海 恒通商贸有限公司"}
    assert read_evidence(DocType.CONTRACT, fields, US).names == ("北京华辰科技有限公司",)


def test_our_name_matches_inside_a_longer_form_of_it():
    fields = {"party_a": "恒通商贸（上海）", "party_b": "北京华辰科技有限公司"}
    assert read_evidence(DocType.CONTRACT, fields, ("恒通商贸",)).names == ("北京华辰科技有限公司",)


def test_without_our_names_contract_parties_are_only_suggestions():
    evidence = read_evidence(DocType.CONTRACT, {"party_a": "甲公司有限公司", "party_b": "乙公司有限公司"}, ())
    assert evidence.names == () and evidence.suggested_names == ("甲公司有限公司", "乙公司有限公司")


def test_a_contract_where_neither_party_is_us_only_suggests():
    evidence = read_evidence(DocType.CONTRACT, {"party_a": "甲公司有限公司", "party_b": "乙公司有限公司"}, US)
    assert evidence.names == () and len(evidence.suggested_names) == 2


def test_an_invalid_id_number_is_no_evidence_but_a_reason():
    fields = {"id_number": "110105194912310022", "id_number_valid": False}
    assert read_evidence(DocType.ID_CARD, fields, ()).id_number is None
    assert [r["reason"] for r in record_reasons(fields, [0.95], min_confidence=0.8)] == [INVALID_ID_NUMBER]


def test_a_page_read_with_low_confidence_waits_for_a_person():
    assert record_reasons({}, [0.97, 0.41, None], min_confidence=0.8) == [{"reason": LOW_CONFIDENCE,
                                                                            "confidence": 0.41}]


def test_customer_numbers_compare_without_width_or_spaces():
    assert read_evidence(DocType.OTHER, {"customer_no": "ＫＨ－２０１８－９１１０１"}, ()).customer_no == "KH-2018-91101"


def test_the_number_given_wins():
    decision = decide(Evidence(customer_no="KH-1"), Directory(), given="KH-2")
    assert (decision.customer_no, decision.how) == ("KH-2", "given")


def test_the_page_number_links_when_it_is_on_file():
    decision = decide(Evidence(customer_no="KH-1", names=("乙公司",)), Directory(OnFile("KH-1"), OnFile("KH-2", "乙公司")))
    assert (decision.customer_no, decision.how) == ("KH-1", PAGE_NUMBER)


def test_a_number_not_on_file_is_never_linked_by_name():
    decision = decide(Evidence(customer_no="KH-9", names=("乙公司",)), Directory(OnFile("KH-2", "乙公司")))
    assert decision.customer_no is None
    assert decision.reasons == [{"reason": CUSTOMER_NOT_ON_FILE, "customer_no": "KH-9"}]


def test_an_archive_card_with_a_new_number_opens_its_file():
    decision = decide(Evidence(customer_no="KH-9", opens_file=True), Directory())
    assert decision.open_file and decision.customer_no == "KH-9"


def test_a_card_whose_id_number_belongs_to_another_customer_opens_no_second_file():
    decision = decide(Evidence(customer_no="KH-9", id_number=ID_X, opens_file=True), Directory(OnFile("KH-2", "", ID_X)))
    assert not decision.open_file and decision.customer_no is None
    assert reasons(decision) == [CUSTOMER_NOT_ON_FILE, CONFLICT]


def test_page_number_and_id_number_of_different_customers_conflict():
    decision = decide(Evidence(customer_no="KH-1", id_number=ID_X), Directory(OnFile("KH-1"), OnFile("KH-2", "", ID_X)))
    assert decision.customer_no is None and reasons(decision) == [CONFLICT]
    assert [c["customer_no"] for c in decision.reasons[0]["candidates"]] == ["KH-1", "KH-2"]
    assert ID_X not in str(decision.reasons), "the ID number is masked in what people see"


def test_an_id_number_of_exactly_one_customer_links():
    decision = decide(Evidence(id_number=ID_X), Directory(OnFile("KH-2", "", ID_X)))
    assert (decision.customer_no, decision.how) == ("KH-2", ID_NUMBER)


def test_the_customers_name_links_when_only_one_customer_has_it():
    decision = decide(Evidence(names=("张伟",)), Directory(OnFile("KH-2", "张伟")))
    assert (decision.customer_no, decision.how) == ("KH-2", NAME)


def test_a_common_name_shared_by_two_customers_is_only_suggested():
    decision = decide(Evidence(names=("张伟",)), Directory(OnFile("KH-2", "张伟"), OnFile("KH-3", "张伟")))
    assert decision.customer_no is None and reasons(decision) == [NAME_SUGGESTION, NAME_SUGGESTION]


def test_a_namesake_with_another_id_number_is_another_person():
    evidence = Evidence(id_number=ID_X, names=("张伟",))
    decision = decide(evidence, Directory(OnFile("KH-2", "张伟", "11010519491231002X")))
    assert decision.customer_no is None and reasons(decision) == [NO_CUSTOMER]


def test_a_record_with_nothing_pointing_at_a_customer_says_so():
    assert reasons(decide(Evidence(), Directory())) == [NO_CUSTOMER]


def test_id_numbers_are_masked_for_people():
    assert mask_id(ID_X) == "110105********0021"


def test_a_company_cards_id_number_is_its_legal_representatives_not_the_customers():
    fields = {"customer_no": "KH-B", "name": "杭州西湖电子有限公司", "legal_rep": "张伟", "id_number": ID_X,
              "id_number_valid": True}
    evidence = read_evidence(DocType.ARCHIVE_CARD, fields, ())
    assert evidence.id_number is None
    decision = decide(evidence, Directory(OnFile("KH-A", "北京华辰科技有限公司", ID_X)))
    assert decision.open_file and decision.customer_no == "KH-B"
