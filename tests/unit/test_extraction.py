"""docarchive.domain.extraction: fields by document type, in their stored formats."""

from __future__ import annotations

import pytest

from docarchive.domain.documents import DocType
from docarchive.domain.extraction import Extraction, extract_fields

VALID_ID = "11010519491231002X"
VALID_MAN = "330106198503070016"
VALID_WOMAN = "320583199206150121"

CARD = """客户档案卡
客户编号：KH-2019-00042        建档日期：2019年3月15日
客户名称：上海华东机电设备有限公司
法定代表人：张建国    身份证号：11010519491231002X
联系电话：021-65432100   手机：13812345678
地址：上海市浦东新区张江路 88 号
所属行业：制造业    客户等级：B级    注册资金：500万元"""

ID_CARD = """姓名 王小明
性别 男 民族 汉
出生 1985年3月7日
住址 浙江省杭州市西湖区
文三路123号5幢
2单元601室
公民身份号码 330106198503070016
中华人民共和国
居民身份证
签发机关 杭州市公安局西湖分局
有效期限 2015.03.01-2035.03.01"""

CONTRACT = """设备采购合同
合同编号：HT-2023-0012
签订地点：上海市浦东新区
签订日期：2023年5月6日
甲方（采购方）：上海华东机电设备有限公司
乙方（供货方）：杭州精工机械有限公司
第一条 合同金额
合同金额：人民币 125,000.00 元（大写：壹拾贰万伍仟元整）
第二条 违约责任
甲方（盖章）：    乙方（盖章）：
上海华东机电设备有限公司    杭州精工机械有限公司"""


def card(text: str) -> dict:
    return extract_fields(DocType.ARCHIVE_CARD, text).fields


def id_card(text: str) -> dict:
    return extract_fields(DocType.ID_CARD, text).fields


def contract(text: str) -> dict:
    return extract_fields(DocType.CONTRACT, text).fields


# --- archive cards ---------------------------------------------------------------------------


def test_the_sample_archive_card_gives_every_field_in_its_format():
    assert card(CARD) == {
        "customer_no": "KH-2019-00042",
        "created_date": "2019-03-15",
        "name": "上海华东机电设备有限公司",
        "legal_rep": "张建国",
        "id_number": VALID_ID,
        "id_number_valid": True,
        "phone": "021-65432100",
        "address": "上海市浦东新区张江路88号",
        "industry": "制造业",
        "grade": "B",
        "registered_capital": 5000000,
    }


def test_extract_fields_returns_an_extraction_without_warnings_for_a_clean_card():
    result = extract_fields(DocType.ARCHIVE_CARD, CARD)
    assert isinstance(result, Extraction) and result.warnings == []


def test_doc_type_may_be_given_as_its_string_value():
    assert extract_fields("archive_card", CARD).fields["customer_no"] == "KH-2019-00042"


def test_fields_not_on_the_card_are_absent_rather_than_empty():
    fields = card("客户档案卡\n客户名称：上海华东机电设备有限公司\n地址：")
    assert fields == {"name": "上海华东机电设备有限公司"}


def test_letter_spaced_labels_are_read():
    assert card("客 户 编 号 ： KH-2019-00042")["customer_no"] == "KH-2019-00042"


def test_labels_with_a_wide_gap_between_characters_are_read():
    assert card("客  户  编  号：KH-2019-00042")["customer_no"] == "KH-2019-00042"


def test_a_label_without_a_colon_is_read():
    assert card("客户名称 上海华东机电设备有限公司")["name"] == "上海华东机电设备有限公司"


def test_an_ascii_colon_is_read():
    assert card("客户名称:上海华东机电设备有限公司")["name"] == "上海华东机电设备有限公司"


def test_a_value_on_the_line_below_its_label_is_read():
    assert card("客户名称：\n上海华东机电设备有限公司\n地址：上海市")["name"] == "上海华东机电设备有限公司"


def test_pairs_sharing_a_line_end_at_the_next_label():
    fields = card("客户等级：B    行业：制造业")
    assert (fields["grade"], fields["industry"]) == ("B", "制造业")


def test_a_value_ends_at_the_next_label_even_without_a_gap():
    fields = card("所属行业：制造业客户等级：B级")
    assert (fields["industry"], fields["grade"]) == ("制造业", "B")


def test_a_long_label_glued_to_the_previous_value_without_a_colon_is_read():
    fields = card("所属行业制造业客户等级B级")
    assert (fields["industry"], fields["grade"]) == ("制造业", "B")


def test_a_value_ends_before_an_unknown_label():
    assert card("客户名称：上海华东机电设备有限公司  开票抬头：同左")["name"] == "上海华东机电设备有限公司"


def test_a_ruled_table_with_borders_is_read():
    fields = card("| 客户编号 | KH-2020-00107 | 建档日期 | 2020/07/01 |")
    assert (fields["customer_no"], fields["created_date"]) == ("KH-2020-00107", "2020-07-01")


def test_a_header_row_above_a_value_row_is_read():
    fields = card("客户编号    客户名称    客户等级\nKH-001    宁波海天贸易有限公司    C")
    assert (fields["customer_no"], fields["name"], fields["grade"]) == ("KH-001", "宁波海天贸易有限公司", "C")


def test_labels_ocr_ran_together_share_the_value_after_them():
    fields = card("电话法定代表人 王平强18369184191手机")
    assert (fields["phone"], fields["legal_rep"]) == ("18369184191", "王平强")


def test_a_customer_number_run_onto_the_name_cell_is_found():
    assert card("客户名称客户编号 厦门天合酒店管理有限公司KH-2022-01988")["customer_no"] == "KH-2022-01988"


def test_free_text_is_not_taken_from_labels_run_together():
    assert "name" not in card("客户名称客户编号 厦门天合酒店管理有限公司KH-2022-01988")


def test_a_blank_form_field_does_not_borrow_the_next_fields_value():
    assert "legal_rep" not in card("法定代表人：    身份证号：11010519491231002X")


def test_a_header_row_whose_values_do_not_line_up_gives_nothing():
    assert card("姓名 职务 电话\n金佳欣办公室主任16781819308") == {}


def test_labels_listed_in_prose_are_not_read_as_a_form():
    assert card("客户档案应包含客户名称、联系电话、地址等基本信息。") == {}


@pytest.mark.parametrize("label", ["客户编号", "客户代码", "编号"])
def test_customer_number_synonyms_are_read(label):
    assert card(f"{label}：KH-2019-00042")["customer_no"] == "KH-2019-00042"


def test_customer_number_is_upper_cased_without_blanks():
    assert card("客户编号：kh - 2019 - 00042")["customer_no"] == "KH-2019-00042"


def test_letter_o_between_digits_of_a_customer_number_is_read_as_zero():
    assert card("客户编号：KH-2O19-0OO42")["customer_no"] == "KH-2019-00042"


def test_customer_number_ends_where_chinese_starts():
    assert card("客户编号 KH-2018-09895 投诉日期 2019年3月19日")["customer_no"] == "KH-2018-09895"


def test_an_archive_number_is_not_the_customer_number():
    assert card("档案编号：DA-2019-001\n客户编号：KH-2019-00042")["customer_no"] == "KH-2019-00042"


@pytest.mark.parametrize("label", ["客户名称", "单位名称", "公司名称", "客户姓名", "姓名"])
def test_name_synonyms_are_read(label):
    assert card(f"{label}：华东机电")["name"] == "华东机电"


def test_name_keeps_brackets_that_belong_to_it():
    assert card("客户名称：华东机电（上海）有限公司")["name"] == "华东机电（上海）有限公司"


@pytest.mark.parametrize("label", ["法定代表人", "法人代表", "负责人"])
def test_legal_representative_synonyms_are_read(label):
    assert card(f"{label}：张建国")["legal_rep"] == "张建国"


def test_legal_representative_ends_at_a_blank_after_a_chinese_name():
    assert card("法定代表人：张建国 董事长")["legal_rep"] == "张建国"


def test_legal_representative_ends_where_a_phone_number_runs_on():
    assert card("法定代表人：汪敏玲0755-37206078")["legal_rep"] == "汪敏玲"


def test_a_latin_legal_representative_is_read():
    assert card("法定代表人：John Smith")["legal_rep"] == "John Smith"


def test_a_sentence_is_no_legal_representative():
    assert "legal_rep" not in card("负责人：负责本部门客户资料的管理")


def test_ocr_garbage_is_no_legal_representative():
    assert "legal_rep" not in card("法定代表人 TEBE")


def test_prose_run_onto_a_customer_name_is_cut_after_the_company():
    text = "客户名称：上海华东机电设备有限公司根据双方约定，现登记如下。"
    assert card(text)["name"] == "上海华东机电设备有限公司"


@pytest.mark.parametrize("label", ["身份证号", "身份证号码", "证件号码", "法人身份证号"])
def test_id_number_synonyms_are_read(label):
    assert card(f"{label}：{VALID_ID}")["id_number"] == VALID_ID


def test_a_valid_id_number_is_marked_valid():
    assert card(f"身份证号：{VALID_ID}")["id_number_valid"] is True


def test_an_id_number_with_a_wrong_check_character_is_kept_and_marked_invalid():
    result = extract_fields(DocType.ARCHIVE_CARD, "身份证号：110105194912310021")
    assert result.fields["id_number"] == "110105194912310021"
    assert result.fields["id_number_valid"] is False


def test_an_invalid_id_number_adds_a_masked_warning():
    (warning,) = extract_fields(DocType.ARCHIVE_CARD, "身份证号：110105194912310021").warnings
    assert "110105********0021" in warning and "19491231" not in warning


def test_an_id_number_with_blanks_and_a_lower_case_x_is_read():
    assert card("身份证号：110105 19491231 002x")["id_number"] == VALID_ID


def test_letter_o_in_an_id_number_is_read_as_zero():
    assert card("身份证号：11O1O519491231002X")["id_number"] == VALID_ID


def test_an_id_number_run_together_with_the_previous_number_is_found():
    assert card(f"身份证号18512828160 {VALID_ID}")["id_number"] == VALID_ID


def test_a_valid_id_number_under_an_unreadable_label_is_found():
    assert card(f"客户档案卡\n法身份人 证号 {VALID_ID}")["id_number"] == VALID_ID


def test_an_invalid_id_number_without_a_label_is_not_guessed():
    assert "id_number" not in card("客户档案卡\n备注 110105194912310021")


def test_an_id_number_missing_a_digit_is_kept_with_a_warning():
    result = extract_fields(DocType.ARCHIVE_CARD, "身份证号：11010519491231002")
    assert result.fields["id_number_valid"] is False
    assert "17 characters" in result.warnings[0]


@pytest.mark.parametrize(
    ("written", "phone"),
    [
        ("021-65432100", "021-65432100"),
        ("(021)65432100", "021-65432100"),
        ("（021）65432100", "021-65432100"),
        ("021－65432100", "021-65432100"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("02165432100", "02165432100"),
        ("65432100", "65432100"),
        ("1381234567O", "13812345670"),
    ],
)
def test_phone_numbers_are_digits_with_one_hyphen_after_an_area_code(written, phone):
    assert card(f"联系电话：{written}")["phone"] == phone


@pytest.mark.parametrize("label", ["联系电话", "电话", "手机", "手机号码", "联系方式"])
def test_phone_synonyms_are_read(label):
    assert card(f"{label}：13812345678")["phone"] == "13812345678"


def test_the_first_phone_on_the_card_is_the_phone():
    assert card("联系电话：021-65432100   手机：13812345678")["phone"] == "021-65432100"


@pytest.mark.parametrize("label", ["地址", "通讯地址", "注册地址", "联系地址"])
def test_address_synonyms_are_read(label):
    assert card(f"{label}：上海市浦东新区张江路88号")["address"] == "上海市浦东新区张江路88号"


def test_an_address_wrapped_onto_the_next_line_is_joined():
    text = "通讯地址：上海市浦东新区张江路\n88号3号楼501室\n备注：无"
    assert card(text)["address"] == "上海市浦东新区张江路88号3号楼501室"


def test_a_remark_line_after_the_address_is_not_joined():
    assert card("地址：上海市浦东新区张江路88号\n本卡由客户经理填写并签字确认后生效")["address"] == "上海市浦东新区张江路88号"


@pytest.mark.parametrize("label", ["行业", "所属行业"])
def test_industry_synonyms_are_read(label):
    assert card(f"{label}：批发零售")["industry"] == "批发零售"


@pytest.mark.parametrize("written", ["B", "B级", "Ｂ", "b", "B类客户"])
def test_grade_is_one_upper_case_letter(written):
    assert card(f"客户等级：{written}")["grade"] == "B"


@pytest.mark.parametrize("label", ["客户等级", "等级", "客户级别", "信用等级"])
def test_grade_synonyms_are_read(label):
    assert card(f"{label}：A级")["grade"] == "A"


@pytest.mark.parametrize("written", ["BR", "BH"])
def test_a_grade_whose_ji_was_misread_as_a_letter_is_read(written):
    assert card(f"客户等级：{written}")["grade"] == "B"


def test_a_credit_rating_is_not_a_grade():
    assert "grade" not in card("信用等级：AAA")


def test_a_grade_outside_a_to_e_is_absent():
    assert "grade" not in card("客户等级：F")


@pytest.mark.parametrize(
    ("written", "yuan"),
    [
        ("500万元", 5000000),
        ("人民币 1,200 万元", 12000000),
        ("3000000元", 3000000),
        ("伍佰万元整", 5000000),
        ("２００万元", 2000000),
    ],
)
def test_registered_capital_is_in_yuan(written, yuan):
    assert card(f"注册资金：{written}")["registered_capital"] == yuan


def test_registered_capital_in_ten_thousands_by_its_label_is_converted():
    assert card("注册资本（万元）：300")["registered_capital"] == 3000000


def test_registered_capital_in_foreign_currency_is_not_recorded_but_warned_about():
    result = extract_fields(DocType.ARCHIVE_CARD, "注册资本：500万美元")
    assert "registered_capital" not in result.fields and "not in yuan" in result.warnings[0]


@pytest.mark.parametrize(
    "written", ["2023年5月6日", "2023-05-06", "2023.5.6", "2023/05/06", "二〇二三年五月六日"]
)
def test_created_date_is_iso(written):
    assert card(f"建档日期：{written}")["created_date"] == "2023-05-06"


@pytest.mark.parametrize("label", ["建档日期", "建档时间", "登记日期"])
def test_created_date_synonyms_are_read(label):
    assert card(f"{label}：2023年5月6日")["created_date"] == "2023-05-06"


def test_an_impossible_created_date_is_absent_with_a_warning():
    result = extract_fields(DocType.ARCHIVE_CARD, "建档日期：2022年2月30日")
    assert "created_date" not in result.fields and "not a real date" in result.warnings[0]


def test_a_noisy_card_is_read():
    text = """客 户 资 料 表
客 户 编 号 ： Ｋ Ｈ － ２０１９ － ０００４２
单位名称
上海华东机电设备有限公司
法人代表 张建国
身份证号码：110105 19491231 002x
电话：(021)65432100
通讯地址：上海市浦东新区张江路
88号3号楼501室
所属行业制造业客户等级Ｂ级
注册资本：人民币 1，200 万元
登记日期：二〇二三年五月六日"""
    assert card(text) == {
        "customer_no": "KH-2019-00042",
        "name": "上海华东机电设备有限公司",
        "legal_rep": "张建国",
        "id_number": VALID_ID,
        "id_number_valid": True,
        "phone": "021-65432100",
        "address": "上海市浦东新区张江路88号3号楼501室",
        "industry": "制造业",
        "grade": "B",
        "registered_capital": 12000000,
        "created_date": "2023-05-06",
    }


# --- ID cards --------------------------------------------------------------------------------


def test_the_sample_id_card_gives_every_field_in_its_format():
    assert id_card(ID_CARD) == {
        "name": "王小明",
        "sex": "男",
        "ethnicity": "汉",
        "birth_date": "1985-03-07",
        "address": "浙江省杭州市西湖区文三路123号5幢2单元601室",
        "id_number": VALID_MAN,
        "id_number_valid": True,
    }


def test_id_card_labels_glued_to_their_values_are_read():
    text = f"姓名李梅\n性别女民族汉\n出生1992年6月15日\n住址江苏省昆山市玉山镇\n公民身份号码{VALID_WOMAN}"
    fields = id_card(text)
    assert (fields["name"], fields["sex"], fields["ethnicity"]) == ("李梅", "女", "汉")


def test_letter_spaced_id_card_labels_are_read():
    text = f"姓 名 李 梅\n性 别 女 民 族 汉\n出 生 1992 年 6 月 15 日\n公 民 身 份 号 码 {VALID_WOMAN}"
    fields = id_card(text)
    assert (fields["name"], fields["birth_date"], fields["id_number"]) == ("李梅", "1992-06-15", VALID_WOMAN)


def test_an_address_on_a_minzu_road_is_not_cut_at_the_ethnicity_label():
    text = f"姓名 李梅\n性别 女 民族 汉\n住址 江苏省昆山市\n民族路18号\n公民身份号码 {VALID_WOMAN}"
    assert id_card(text)["address"] == "江苏省昆山市民族路18号"


def test_stray_quotes_tesseract_reads_after_labels_are_dropped():
    fields = id_card(f"姓名”高涛帅\n性别”男 民族”汉\n出生”1990年10月31日\n公民身份号码”{VALID_MAN}")
    assert (fields["name"], fields["ethnicity"], fields["birth_date"]) == ("高涛帅", "汉", "1990-10-31")


def test_ethnicity_with_more_than_one_character_is_read():
    assert id_card("性别 男 民族 土家\n出生 1998年10月8日")["ethnicity"] == "土家"


def test_ethnicity_written_with_zu_drops_it():
    assert id_card("民族 汉族")["ethnicity"] == "汉"


def test_birth_date_is_taken_from_a_valid_id_number_when_missing():
    assert id_card(f"姓名 王小明\n公民身份号码 {VALID_MAN}")["birth_date"] == "1985-03-07"


def test_sex_is_taken_from_a_valid_id_number_when_missing():
    assert id_card(f"姓名 李梅\n公民身份号码 {VALID_WOMAN}")["sex"] == "女"


def test_a_printed_birth_date_that_disagrees_with_the_id_number_is_kept_with_a_warning():
    result = extract_fields(DocType.ID_CARD, f"出生 1985年3月8日\n公民身份号码 {VALID_MAN}")
    assert result.fields["birth_date"] == "1985-03-08" and "birth_date" in result.warnings[0]


def test_an_invalid_id_number_gives_no_birth_date():
    assert "birth_date" not in id_card("公民身份号码 330106198503070011")


def test_an_invalid_id_number_on_an_id_card_is_kept_and_warned_about():
    result = extract_fields(DocType.ID_CARD, "公民身份号码 330106198503070011")
    assert result.fields["id_number_valid"] is False and result.warnings


def test_an_id_number_without_its_label_is_still_found():
    assert id_card(f"姓名 王小明\n{VALID_MAN}")["id_number"] == VALID_MAN


def test_the_back_of_the_card_does_not_leak_into_the_address():
    text = f"住址 浙江省杭州市西湖区\n公民身份号码 {VALID_MAN}\n签发机关 杭州市公安局"
    assert id_card(text)["address"] == "浙江省杭州市西湖区"


# --- contracts -------------------------------------------------------------------------------


def test_the_sample_contract_gives_every_field_in_its_format():
    assert contract(CONTRACT) == {
        "contract_no": "HT-2023-0012",
        "party_a": "上海华东机电设备有限公司",
        "party_b": "杭州精工机械有限公司",
        "amount": 125000,
        "sign_date": "2023-05-06",
    }


@pytest.mark.parametrize("label", ["合同编号", "合同号", "协议编号", "编号"])
def test_contract_number_synonyms_are_read(label):
    assert contract(f"{label}：HT-2023-0012")["contract_no"] == "HT-2023-0012"


def test_a_number_of_another_document_is_not_the_contract_number():
    text = "营业执照编号：91310000123456789X\n合同编号：HT-2023-0012"
    assert contract(text)["contract_no"] == "HT-2023-0012"


def test_a_party_with_its_role_in_brackets_is_read():
    assert contract("甲方（委托方）：上海华东机电设备有限公司")["party_a"] == "上海华东机电设备有限公司"


def test_a_party_named_by_role_first_is_read():
    fields = contract("出租方（甲方）：王五\n承租方（乙方）：杭州精工机械有限公司")
    assert (fields["party_a"], fields["party_b"]) == ("王五", "杭州精工机械有限公司")


def test_a_party_drops_its_short_name_note():
    assert contract('甲方：上海华东机电设备有限公司（以下简称"甲方"）')["party_a"] == "上海华东机电设备有限公司"


def test_a_party_on_the_line_below_is_read():
    assert contract("乙方（受托方）：\n上海智联软件有限公司\n一、服务内容")["party_b"] == "上海智联软件有限公司"


def test_a_party_label_garbled_by_ocr_is_recovered_from_the_line_before_the_other_party():
    fields = contract("合同编号：HT-1\nFAA〈需方）：上海中天酒店管理有限公司\n乙方（供方）：西安恒信机电设备有限公司")
    assert fields["party_a"] == "上海中天酒店管理有限公司"


def test_a_clause_line_without_a_colon_is_not_a_party():
    assert "party_a" not in contract("甲方合理的管理要求。")


def test_parties_in_the_signature_block_are_read_when_the_header_has_none():
    fields = contract("甲方（盖章）：    乙方（盖章）：\n上海华东机电设备有限公司    杭州精工机械有限公司")
    assert (fields["party_a"], fields["party_b"]) == ("上海华东机电设备有限公司", "杭州精工机械有限公司")


def test_prose_run_onto_a_party_is_cut_after_the_company():
    text = "乙方：深圳安达数据服务有限公司根据《中华人民共和国民法典》的规定，甲乙双方本着平等自愿、诚"
    assert contract(text)["party_b"] == "深圳安达数据服务有限公司"


def test_clauses_mentioning_a_party_are_not_read_as_the_party():
    assert contract("甲方应于合同签订后支付货款。\n甲方：上海华东机电设备有限公司")["party_a"] == "上海华东机电设备有限公司"


@pytest.mark.parametrize(
    ("written", "yuan"),
    [
        ("人民币 125,000.00 元", 125000),
        ("￥12.5万元", 125000),
        ("人民币伍拾万元整", 500000),
        ("壹佰贰拾万零伍仟元整", 1205000),
        ("人民币 86,350.50 元", 86350.5),
    ],
)
def test_contract_amount_is_in_yuan(written, yuan):
    assert contract(f"合同金额：{written}")["amount"] == yuan


@pytest.mark.parametrize("label", ["合同金额", "总金额", "金额", "合同总价"])
def test_amount_synonyms_are_read(label):
    assert contract(f"{label}：人民币10,000元")["amount"] == 10000


def test_an_amount_in_words_only_is_read():
    assert contract("合同金额：（大写：叁万伍仟元整）")["amount"] == 35000


def test_an_amount_in_prose_after_a_long_label_is_read():
    assert contract("本合同总金额为人民币125,000.00元（大写：壹拾贰万伍仟元整）。")["amount"] == 125000


def test_amount_in_words_on_the_next_line_is_checked():
    result = extract_fields(DocType.CONTRACT, "合同金额：人民币125,000.00元\n（大写：壹拾贰万元整）")
    assert result.fields["amount"] == 125000 and result.warnings


def test_figures_and_words_that_disagree_keep_the_figures_and_warn():
    result = extract_fields(DocType.CONTRACT, "合同金额：人民币 125,000.00 元（大写：壹拾贰万元整）")
    assert result.fields["amount"] == 125000
    assert "disagree" in result.warnings[0]


def test_figures_and_words_that_agree_give_no_warning():
    result = extract_fields(DocType.CONTRACT, "合同金额：人民币 125,000.00 元（大写：壹拾贰万伍仟元整）")
    assert result.warnings == []


@pytest.mark.parametrize("label", ["签订日期", "签约日期", "签署日期"])
def test_sign_date_synonyms_are_read(label):
    assert contract(f"{label}：2023年5月6日")["sign_date"] == "2023-05-06"


def test_the_last_plain_date_label_is_the_sign_date():
    text = "日期：2023年1月1日\n第一条 …\n甲方（盖章）：  乙方（盖章）：\n日期：2023年6月1日  日期：2023年6月2日"
    assert contract(text)["sign_date"] == "2023-06-02"


def test_a_labelled_sign_date_beats_a_plain_date_label():
    assert contract("签订日期：2023年5月6日\n日期：2023年6月1日")["sign_date"] == "2023-05-06"


def test_an_effective_date_is_not_the_sign_date():
    assert "sign_date" not in contract("生效日期：2023年7月1日")


def test_a_bare_date_at_the_end_is_the_sign_date():
    assert contract("房屋租赁合同\n甲方：王五\n乙方：李四\n双方签字后生效。\n二〇二二年三月一日")["sign_date"] == "2022-03-01"


# --- other documents -------------------------------------------------------------------------


def test_other_documents_give_no_fields_when_nothing_is_labelled():
    assert extract_fields(DocType.OTHER, "关于客户回访的通知\n请于本月底前完成客户回访。").fields == {}


def test_other_documents_give_customer_number_id_number_and_phone():
    text = f"收款凭证\n客户编号 KH-2019-00042\n身份证号：{VALID_ID}\n联系电话：13812345678\n金额（小写）：¥3,500"
    assert extract_fields(DocType.OTHER, text).fields == {
        "customer_no": "KH-2019-00042",
        "id_number": VALID_ID,
        "id_number_valid": True,
        "phone": "13812345678",
    }


def test_a_phone_call_as_a_complaint_channel_is_not_a_phone_number():
    assert extract_fields(DocType.OTHER, "投诉方式 电话 联系人 金佳欣").fields == {}


def test_a_contract_that_states_its_customer_number_gives_it_to_the_linker():
    text = "设备采购合同\n客户编号 KH-2018-91101    合同编号：HT-2023-0012\n甲方：上海恒通商贸有限公司\n乙方：北京华辰科技有限公司"
    fields = extract_fields("contract", text).fields
    assert fields["customer_no"] == "KH-2018-91101" and fields["contract_no"] == "HT-2023-0012"
