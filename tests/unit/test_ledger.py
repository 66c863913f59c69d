"""Excel ledger columns: header synonyms, row values, regions and error locations."""

from docarchive.domain.ledger import column_of, ledger_row, map_headers, merge_contacts, row_fields, to_profile_fields
from docarchive.domain.regions import split_region


def test_headers_are_recognised_by_their_synonyms_and_units():
    columns, ignored = map_headers(["客户号", "公司名称", "注册资本（万元）", "手机", "备注", "客户等级*", None])
    assert [(c.field, c.letter) for c in columns] == [
        ("customer_no", "A"), ("name", "B"), ("registered_capital", "C"), ("contact_phone", "D"), ("grade", "F")]
    assert columns[2].scale == 10_000
    assert ignored == ["备注"]


def test_a_second_column_for_the_same_field_is_ignored():
    columns, ignored = map_headers(["客户名称", "名称"])
    assert [c.field for c in columns] == ["name"] and ignored == ["名称"]


def test_a_row_becomes_profile_fields_with_contact_and_region_assembled():
    columns, _ = map_headers(["客户编号", "法定代表人", "联系电话", "省", "市", "注册资本(万元)", "等级", "评估日期"])
    values = row_fields(columns, ("KH-1", "张三", "13812345678/021-65432100", "浙江省", "杭州市", 500, "A", None))
    assert to_profile_fields(values) == {
        "customer_no": "KH-1", "legal_representative": "张三", "registered_capital": 5_000_000, "grade": "A",
        "region": {"province": "浙江省", "city": "杭州市"},
        "contacts": [{"phones": ["13812345678", "021-65432100"], "name": "张三"}],
    }


def test_regions_are_split_into_province_city_and_district():
    assert split_region("浙江省杭州市西湖区") == {"province": "浙江省", "city": "杭州市", "district": "西湖区"}
    assert split_region("上海市/浦东新区") == {"province": "上海市", "city": "上海市", "district": "浦东新区"}
    assert split_region("广东省 深圳市") == {"province": "广东省", "city": "深圳市"}


def test_validation_errors_point_back_to_their_column():
    columns, _ = map_headers(["客户编号", "手机", "地区", "信用等级"])
    assert column_of("contacts[0].phones[1]", columns).header == "手机"
    assert column_of("region.city", columns).header == "地区"
    assert column_of("evaluation.credit_rating", columns).header == "信用等级"
    assert column_of("grade", columns) is None


def test_an_imported_contact_replaces_the_one_of_the_same_name_only():
    current = [{"name": "张三", "phones": ["13812345678"]}, {"name": "李四", "title": "经理"}]
    merged = merge_contacts(current, [{"name": "张三", "phones": ["13900000000"]}, {"name": "王五"}])
    assert merged == [{"name": "张三", "phones": ["13900000000"]}, {"name": "李四", "title": "经理"}, {"name": "王五"}]


def test_export_rows_flatten_region_evaluation_and_the_first_contact():
    row = ledger_row({"name": "甲", "region": {"province": "浙江省"}, "evaluation": {"loyalty": 4},
                      "contacts": [{"name": "张三", "phones": ["13812345678", "021-65432100"]}]})
    assert row == {"name": "甲", "province": "浙江省", "loyalty": 4, "contact_name": "张三", "contact_title": None,
                   "contact_phone": "13812345678/021-65432100", "contact_email": None}
