"""The labels each document type's fields are written under, and labels that only end a value."""

from __future__ import annotations

from collections.abc import Mapping

Labels = Mapping[str, tuple[str, ...]]

ARCHIVE_CARD: Labels = {
    "customer_no": ("客户编号", "客户代码", "客户编码", "客户号", "编号"),
    "name": ("客户名称", "单位名称", "公司名称", "企业名称", "客户全称", "客户姓名", "姓名"),
    "legal_rep": ("法定代表人", "法人代表", "法定代表", "法人", "负责人"),
    "id_number": (
        "身份证号", "身份证号码", "证件号码", "证件号", "身份证", "公民身份号码", "法人身份证号",
        "法定代表人身份证号", "法人身份证号码",
    ),
    "phone": (
        "联系电话", "电话", "电话号码", "手机", "手机号码", "手机号", "联系方式",
        "移动电话", "固定电话", "办公电话",
    ),
    "address": (
        "地址", "通讯地址", "注册地址", "联系地址", "办公地址", "经营地址", "公司地址", "单位地址",
        "详细地址", "住址", "家庭住址",
    ),
    "industry": ("行业", "所属行业", "行业类别", "行业类型"),
    # 信用等级 is the grade on 客户资料表; an AAA credit rating is not a grade and is not read.
    "grade": ("客户等级", "等级", "客户级别", "级别", "客户分级", "信用等级"),
    "registered_capital": ("注册资金", "注册资本"),
    "created_date": ("建档日期", "建档时间", "登记日期", "登记时间", "建卡日期"),
}

CONTRACT: Labels = {
    "customer_no": ("客户编号", "客户代码", "客户编码", "客户号"),  # the customer's file, where the form prints it
    "contract_no": ("合同编号", "合同号", "合同编码", "协议编号", "协议号", "编号"),
    "party_a": ("甲方",),
    "party_b": ("乙方",),
    "amount": (
        "合同金额", "总金额", "金额", "合同总价", "合同总金额", "合同总额", "合同价款", "总价款",
        "合同价格", "协议金额",
    ),
    "sign_date": ("签订日期", "签约日期", "签署日期", "签订时间", "签约时间", "签署时间", "日期"),
}
GENERIC_DATE_LABEL = "日期"

# What any document may call its customer number, ID number and phone.
GENERIC: Labels = {
    "customer_no": CONTRACT["customer_no"],
    "id_number": ARCHIVE_CARD["id_number"],
    "phone": ARCHIVE_CARD["phone"],
}

# Labels no field is read from; they only end the value before them.
COMMON_STOPS = (
    "联系人", "职务", "职位", "传真", "邮编", "邮政编码", "电子邮箱", "邮箱", "网址", "开户行",
    "开户银行", "开户名", "银行账号", "账号", "税号", "纳税人识别号", "统一社会信用代码", "信用代码",
    "营业执照号", "经营范围", "主营业务", "成立日期", "成立时间", "企业类型", "公司类型", "客户类型",
    "客户类别", "客户来源", "客户经理", "业务员", "经办人", "填表人", "审核人", "负责部门", "备注",
    "性别", "民族", "出生日期", "出生", "年龄", "职业", "档案编号", "档案号", "填表日期",
    "签字", "签章", "盖章", "员工人数", "年营业额", "证件类型", "生效日期", "有效日期", "到期日期",
    "开始日期", "结束日期", "终止日期", "付款日期", "交货日期", "签订地点", "合同期限", "有效期限",
    "签发机关", "区域", "所属区域",
)


def stops_for(own: Labels) -> tuple[str, ...]:
    """Every label known to any table, except those naming one of `own`'s fields."""
    own_labels = {label for labels in own.values() for label in labels}
    every = [label for table in (ARCHIVE_CARD, CONTRACT) for labels in table.values() for label in labels]
    return tuple(sorted({*every, *COMMON_STOPS} - own_labels))
