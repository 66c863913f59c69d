"""docarchive.domain.classify: archive card, ID card, contract or other, by points."""

from __future__ import annotations

from docarchive.domain.classify import MIN_SCORE, classify_document, score_document
from docarchive.domain.documents import DocType

ARCHIVE_CARD = """客户档案卡
客户编号：KH-2019-00042        建档日期：2019年3月15日
客户名称：上海华东机电设备有限公司
法定代表人：张建国    身份证号：11010519491231002X
联系电话：021-65432100   手机：13812345678
地址：上海市浦东新区张江路 88 号
所属行业：制造业    客户等级：B级    注册资金：500万元"""

ID_CARD_FRONT = """姓名 王小明
性别 男 民族 汉
出生 1985年3月7日
住址 浙江省杭州市西湖区文三路123号
公民身份号码 330106198503070016"""

ID_CARD_BACK = """中华人民共和国
居民身份证
签发机关 杭州市公安局西湖分局
有效期限 2015.03.01-2035.03.01"""

CONTRACT = """设备采购合同
合同编号：HT-2023-0012
甲方（采购方）：上海华东机电设备有限公司
乙方（供货方）：杭州精工机械有限公司
第一条 合同金额
本合同总金额为人民币125,000.00元（大写：壹拾贰万伍仟元整）。
第二条 违约责任
双方签字盖章后生效。
签订日期：2023年5月6日"""

POLICY = """客户档案管理规范
一、客户档案应包含客户的基本信息，如客户名称、联系人、联系电话、地址等。
二、销售人员填写《客户档案表》后提交销售经理归档。
三、合同、协议等文件一并归入客户档案。"""


def test_an_archive_card_is_an_archive_card():
    assert classify_document(ARCHIVE_CARD) == DocType.ARCHIVE_CARD


def test_sister_titles_of_the_archive_card_count_as_archive_cards():
    for title in ("客户资料表", "客户登记表", "客户信息表", "客户基本信息登记表"):
        assert classify_document(f"{title}\n客户名称：华东机电\n联系电话：13812345678") == DocType.ARCHIVE_CARD


def test_card_labels_without_a_title_make_an_archive_card():
    text = "客户编号：KH-2019-00042\n客户名称：上海华东机电设备有限公司\n建档日期：2019年3月15日"
    assert classify_document(text) == DocType.ARCHIVE_CARD


def test_an_archive_card_with_an_id_number_field_stays_an_archive_card():
    text = ARCHIVE_CARD.replace("身份证号", "公民身份号码")
    assert classify_document(text) == DocType.ARCHIVE_CARD


def test_a_personal_archive_card_with_id_card_labels_stays_an_archive_card():
    text = "客户登记表\n客户编号：KH-1\n姓名：李梅 性别：女 民族：汉\n住址：江苏省昆山市\n身份证号：320583199206150121"
    assert classify_document(text) == DocType.ARCHIVE_CARD


def test_letter_spaced_title_and_labels_are_read():
    text = "客 户 档 案 卡\n客 户 编 号 ： KH-1\n客 户 名 称 ： 华东机电"
    assert classify_document(text) == DocType.ARCHIVE_CARD


def test_a_title_missing_one_character_still_counts():
    assert classify_document("客户档卡\n客户编号：KH-1\n联系电话：13812345678") == DocType.ARCHIVE_CARD


def test_the_front_of_an_id_card_is_an_id_card():
    assert classify_document(ID_CARD_FRONT) == DocType.ID_CARD


def test_the_back_of_an_id_card_is_an_id_card():
    assert classify_document(ID_CARD_BACK) == DocType.ID_CARD


def test_an_id_card_read_with_glued_labels_is_an_id_card():
    text = "姓名王小明\n性别男民族汉\n出生1985年3月7日\n住址浙江省杭州市\n公民身份号码330106198503070016"
    assert classify_document(text) == DocType.ID_CARD


def test_an_id_card_with_a_misread_number_label_is_an_id_card():
    text = ID_CARD_FRONT.replace("公民身份号码", "公民身份号吗")
    assert classify_document(text) == DocType.ID_CARD


def test_an_id_card_copy_with_tesseract_noise_is_an_id_card():
    text = (
        "姓名 龙旭\n性别”男 Rik”苗\n出生”1975年8月27日\n住址”湖南省长沙市岳苯区枫林\n公民身份呈码”430104197508276415\n"
        "中华人民共和国\n居民身份证\nSRK KYTARAEED A\n有效期限。”2023.09.11-长期"
    )
    assert classify_document(text) == DocType.ID_CARD


def test_a_contract_is_a_contract():
    assert classify_document(CONTRACT) == DocType.CONTRACT


def test_an_agreement_is_a_contract():
    text = "技术服务协议书\n甲方：上海华东机电设备有限公司\n乙方：上海智联软件有限公司\n双方经协商一致"
    assert classify_document(text) == DocType.CONTRACT


def test_a_contract_quoting_an_id_number_stays_a_contract():
    text = CONTRACT.replace("乙方（供货方）：杭州精工机械有限公司", "乙方：李四  身份证号：330106198503070016")
    assert classify_document(text) == DocType.CONTRACT


def test_a_loan_contract_listing_a_persons_details_stays_a_contract():
    person = "姓名：李四 性别：男 民族：汉 出生：1985年3月7日 住址：杭州市 公民身份号码：330106198503070016"
    text = CONTRACT.replace("第一条", f"{person}\n第一条")
    assert classify_document(text) == DocType.CONTRACT


def test_a_contract_without_a_title_is_known_by_its_parties_and_number():
    assert classify_document("\n".join(CONTRACT.split("\n")[1:])) == DocType.CONTRACT


def test_a_policy_about_customer_archives_is_other():
    assert classify_document(POLICY) == DocType.OTHER


def test_a_notice_is_other():
    assert classify_document("关于客户回访的通知\n各部门：请于本月底前完成客户回访。") == DocType.OTHER


def test_empty_text_is_other():
    assert classify_document("") == DocType.OTHER


def test_a_long_manual_quoting_card_labels_is_other():
    template = "客户编号\n客户名称\n建档日期\n客户等级\n"
    manual = "为规范客户档案管理，提高数据准确性，制定本制度。" * 150
    assert classify_document(manual + "\n" + template) == DocType.OTHER


def test_scores_rank_the_winner_first():
    scores = score_document(CONTRACT)
    assert max(scores, key=lambda doc_type: scores[doc_type]) == DocType.CONTRACT


def test_other_scores_the_bar_to_clear():
    assert score_document(POLICY)[DocType.OTHER] == MIN_SCORE
