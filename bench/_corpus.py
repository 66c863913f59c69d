"""Seeded corpora of OCR-like customer-archive pages for the search benchmarks.

    corpus = Corpus(seed=7)
    page = corpus.page(i)                       # the i-th page: always the same for the same seed
    for batch in corpus.entry_batches(0, 100_000, jobs=2): ...   # SearchEntry lists, built in workers

One page is one Document of 1-2 KB of UTF-8 text: a header (title, customer and contract numbers, names,
phones, dates) and a body of sentences drawn from a Zipf-distributed vocabulary of a few thousand
business, contract and archive words, place names, company-name parts and person names. Every customer
has `PAGES_PER_CUSTOMER` consecutive pages. A share of pages is written in Traditional characters, and a
share is OCR-degraded (`degrade`): ~2 % of the Han characters replaced, blanks and line breaks inside
words, full-width digits and letters. `Page.source` keeps the text as authored (Simplified, one line per
paragraph, no noise): relevance judgements use it.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Iterator

from docarchive.domain.customers import Customer
from docarchive.domain.documents import Document, DocType, Page as DocPage
from docarchive.ports.search import SearchEntry
from docarchive.samples import _vocab
from docarchive.search.folding import traditional_to_simplified
from docarchive.search.entries import search_entry
from docarchive.search.plan import IdNumberHasher

PAGES_PER_CUSTOMER = 8
HASHER = IdNumberHasher("bench-key")
FIRST_YEAR, YEARS = 2010, 16  # records dated 2010-2025
PUNCTUATION = "，，，，。。；、："
FULL_WIDTH = {ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"}

# --- vocabulary ----------------------------------------------------------------------------------
FUNCTION_WORDS = """
的 了 和 与 及 或 在 对 按 由 向 于 为 将 应 须 并 但 如 若 则 即 其 该 本 此 各 每 所 以 之 等 已 均 另 又 也 而 可
是 有 不 被 给 从 到 把 让 还 就 都 再 更 最 很 按照 根据 依据 关于 对于 通过 经过 由于 因此 为了 以及 并且 或者 如果 应当
可以 不得 必须 需要 已经 进行 作为 其他 有关 相关 上述 下列 所述 之日 之内 以上 以下 之间 期间 同时 此外 否则 除非
""".split()

BUSINESS_WORDS = """
甲方 乙方 丙方 双方 三方 合同 协议 补充 条款 签订 签署 履行 义务 权利 违约 责任 赔偿 付款 金额 发票 货物 交付 验收 质量
标准 期限 日期 生效 终止 解除 争议 仲裁 法院 管辖 通知 送达 地址 电话 邮箱 联系人 代表 法定 授权 委托 盖章 签字 公章
公司 有限 分公司 子公司 集团 客户 档案 编号 等级 信用 经理 财务 采购 销售 管理 服务 技术 设备 工程 项目 租赁 保理 投资
贸易 物流 运输 仓储 保险 银行 账户 开户 税号 营业 执照 身份证 复印件 住所 民族 出生 性别 签发 机关 有效期 审批 变更
登记 备案 保密 信息 数据 软件 产品 价格 数量 单位 合计 人民币 预付 尾款 结算 方式 现金 转账 承兑 汇票 利息 逾期 催收
记录 良好 稳定 建议 维持 额度 配合 社会 会计 计划 分配 配送 送货 货款 款项 项下 附件 清单 规格 型号 参数 安装 调试 维修
更换 退货 质保 质保金 保证金 押金 定金 违约金 滞纳金 损失 费用 税费 运费 包装 检验 抽检 复检 合格 不合格 瑕疵 缺陷 索赔
投诉 处理 回访 沟通 拜访 会议 纪要 会谈 通话 邮件 函件 传真 短信 微信 确认 回复 答复 说明 情况 问题 意见 要求 申请 批准
审核 复核 核实 核对 对账 对账单 凭证 收据 收款 回款 欠款 应收 应付 账款 账期 余额 明细 报表 年报 审计 评估 考核 评级
授信 担保 抵押 质押 保证人 担保人 借款 贷款 还款 本金 利率 年利率 期数 分期 首付 首期 末期 到期 续签 续约 续期 展期
终止日 生效日 签约 签约日 开票 开票日 收货 发货 到货 交货 交货期 工期 进度 里程碑 阶段 验收单 送货单 入库单 出库单
订单 采购单 报价 报价单 询价 比价 招标 投标 中标 评标 标书 资质 证书 许可证 许可 资格 备案号 注册 注册号 注册资本
实缴 股东 股权 董事 监事 董事会 股东会 章程 决议 公告 公示 年检 年审 工商 税务 社保 公积金 员工 职员 人员 人事
行政 办公室 总经理 副总经理 主管 专员 助理 出纳 会计师 律师 顾问 代理人 经办人 负责人 联系方式 手机 座机 分机 地址栏
邮编 省份 城市 区县 街道 路号 门牌 大厦 广场 中心 园区 开发区 工业园 科技园 高新区 经济 技术开发 保税区 自贸区
客户经理 业务员 销售员 客服 客服部 销售部 财务部 法务部 采购部 市场部 技术部 生产部 质检部 仓储部 物流部 行政部 人力资源
档案室 档案员 档案袋 档案盒 卷宗 案卷 卷号 盒号 页码 页数 归档 立卷 借阅 借阅人 归还 调阅 查阅 移交 销毁 保管期限
永久 长期 短期 定期 密级 秘密 机密 绝密 内部 公开 扫描件 原件 复印 影印 副本 正本 原件核对 骑缝章 合同专用章 财务专用章
法人 法人代表 法定代表人 身份证号 证件号码 证件类型 有效期限 签发机关 户籍 户口 籍贯 婚姻 学历 职业 工作单位 单位地址
家庭住址 紧急联系人 关系 配偶 子女 父母 亲属 朋友 同事 介绍人 推荐人 来源 渠道 行业 规模 年营业额 员工人数 成立日期
经营范围 主营业务 经营状况 财务状况 资信 资信状况 信用等级 风险 风险等级 预警 黑名单 白名单 重点客户 普通客户 潜在客户
新客户 老客户 大客户 战略客户 合作伙伴 供应商 经销商 代理商 服务商 承包商 分包商 制造商 生产商 批发商 零售商 加盟商
总部 分部 办事处 营业部 门店 网点 仓库 工厂 车间 生产线 设备间 机房 实验室 研发中心 培训中心 展厅 样品 样品间
原材料 半成品 成品 零部件 配件 耗材 备件 工具 仪器 仪表 器材 机械 电子 电气 五金 化工 塑料 钢材 木材 纸张 油墨
食品 饮料 药品 医疗 器械 家电 家具 服装 纺织 建材 水泥 玻璃 陶瓷 涂料 电缆 电线 管材 阀门 泵 电机 变压器 开关
照明 灯具 空调 冷库 锅炉 电梯 叉车 车辆 货车 客车 轮胎 燃油 润滑油 电池 太阳能 光伏 风电 储能 充电桩 新能源
网络 系统 平台 服务器 数据库 终端 电脑 打印机 复印机 扫描仪 投影仪 显示器 路由器 交换机 防火墙 硬盘 内存 芯片 模块
开发 实施 运维 维护 升级 培训 咨询 外包 派遣 劳务 装修 装饰 施工 设计 监理 测绘 勘察 造价 预算 决算 结算书 审价
物业 保洁 保安 绿化 餐饮 住宿 会务 旅行 差旅 报销 借支 预支 备用金 发放 工资 奖金 提成 佣金 返利 折扣 优惠 促销
市场 营销 推广 广告 宣传 品牌 商标 专利 版权 著作权 知识产权 商业秘密 技术秘密 保密协议 竞业 竞业限制 排他 独家
授权书 委托书 承诺书 确认书 声明 证明 说明书 报告 方案 计划书 申请书 意向书 备忘录 框架协议 补充协议 变更协议 解除协议
终止协议 和解协议 调解书 判决书 裁定书 裁决书 起诉状 答辩状 上诉 执行 强制执行 查封 冻结 扣押 拍卖 变卖 清偿 清算
破产 重组 合并 分立 转让 受让 出让 出租 承租 出租方 承租方 出卖人 买受人 委托方 受托方 发包方 承包方 供方 需方
买方 卖方 借款人 贷款人 出借人 抵押人 抵押权人 质权人 债权人 债务人 保证方 担保方 被担保人 受益人 投保人 被保险人
保险人 保单 保费 保额 理赔 免赔 险种 财产险 责任险 意外险 寿险 车险 货运险 工程险 信用险 保证险 再保险 共保
不可抗力 争议解决 违约责任 合同金额 合同标的 交货时间 付款方式 质量保证 服务内容 服务期限 服务费用 双方权利 保密条款
知识产权 其他约定 未尽事宜 一式两份 各执一份 同等效力 签字盖章 之日起 工作日 自然日 个月 年度 季度 月度 上半年 下半年
百分之 千分之 万分之 人民币元 万元 亿元 含税 不含税 增值税 专用发票 普通发票 电子发票 税率 税额 价税合计 大写 小写
第一条 第二条 第三条 第四条 第五条 第六条 第七条 第八条 第九条 第十条 第十一条 第十二条 附则 总则 定义 释义 目的
经双方 友好协商 协商一致 一致同意 达成 如下 约定 共同遵守 本着 平等互利 诚实信用 自愿 公平 合法 有效 无效 可撤销
书面 口头 形式 提前 及时 按时 如期 逾期未 超过 不足 全部 部分 剩余 累计 合并计算 单独 分别 共同 连带 按份 无限
有限责任 股份有限 有限公司 股份公司 合伙企业 个体工商户 事业单位 社会团体 民办 国有 集体 私营 外资 合资 独资 港澳台
营业执照副本 组织机构代码 统一社会信用代码 纳税人识别号 开户行 开户许可证 银行账号 基本户 一般户 对公账户 个人账户
支付宝 微信支付 网银 电汇 信汇 票汇 本票 支票 托收 信用证 保函 备用信用证 押汇 贴现 保兑 议付 承付 委托收款
客户档案卡 客户资料表 客户登记表 客户信息 基本信息 联系信息 财务信息 信用信息 合作信息 历史记录 备注 附注 填表人 填表日期
审核人 复核人 批准人 经办 主办 协办 承办 督办 签收 签收人 接收 接收人 送件人 收件人 寄件人 快递 挂号信 特快专递
身份证复印件 户口本 结婚证 房产证 不动产 土地证 车辆行驶证 驾驶证 护照 港澳通行证 台胞证 军官证 居住证 暂住证
居民身份证 公民身份号码 签发日期 有效期至 住址 出生日期 姓名 性别男 性别女 汉族 回族 满族 蒙古族 壮族 土家族 苗族
沟通记录 拜访记录 通话记录 会议记录 回访记录 投诉记录 处理结果 处理意见 满意度 满意 基本满意 不满意 跟进 跟踪 反馈
收款凭证 付款凭证 记账凭证 银行回单 进账单 转账凭证 收款收据 对账函 询证函 催款函 律师函 告知函 通知函 联系函 确认函
信用额度 授信额度 临时额度 额度调整 额度申请 额度审批 账期调整 付款条件 结算周期 月结 季结 现结 预付款 到付 货到付款
上海 北京 天津 重庆 江苏 浙江 广东 山东 湖北 四川 陕西 福建 湖南 河南 河北 安徽 江西 辽宁 吉林 黑龙江 山西 云南 贵州 广西
海南 甘肃 青海 宁夏 新疆 西藏 内蒙古 香港 澳门 台湾 南京 苏州 无锡 常州 南通 扬州 徐州 杭州 宁波 温州 嘉兴 绍兴 金华
台州 广州 深圳 东莞 佛山 珠海 中山 惠州 汕头 济南 青岛 烟台 潍坊 威海 武汉 宜昌 襄阳 成都 绵阳 西安 咸阳 厦门 福州
泉州 长沙 株洲 郑州 洛阳 石家庄 唐山 保定 合肥 芜湖 南昌 沈阳 大连 长春 哈尔滨 太原 昆明 贵阳 南宁 海口 三亚 兰州
西宁 银川 乌鲁木齐 拉萨 呼和浩特 包头 浦东 浦西 闵行 徐汇 静安 黄浦 长宁 普陀 虹口 杨浦 宝山 嘉定 松江 青浦 奉贤 金山
崇明 朝阳 海淀 东城 西城 丰台 石景山 通州 顺义 大兴 昌平 房山 天河 越秀 海珠 白云 番禺 南山 福田 罗湖 宝安 龙岗 龙华
西湖 上城 拱墅 滨江 萧山 余杭 鼓楼 玄武 秦淮 建邺 江宁 姑苏 吴中 相城 工业园区 新区 开发区 经开区 高新 滨海 临港 前海
南沙 横琴 雄安 中关村 陆家嘴 张江 金桥 外高桥 漕河泾 虹桥 世纪大道 南京路 淮海路 人民路 解放路 中山路 建设路 和平路
东路 西路 南路 北路 大道 大街 街道 胡同 小区 花园 新村 公寓 家园 苑 号楼 单元 室 层 座 栋 幢 号 弄 巷 村 镇 乡
华东 华南 华北 华中 西南 西北 东北 长三角 珠三角 京津冀 大湾区 沿海 内地 国内 国外 境内 境外 海外 进口 出口 外贸
机电 精密 智能 科技 信息技术 软件科技 网络科技 数据服务 智能科技 电子元件 五金制品 包装材料 塑料制品 商贸 百货
食品销售 医药销售 建筑工程 建设工程 装饰工程 市政工程 融资租赁 投资管理 商业保理 供应链 供应链管理 房地产开发 物业管理
餐饮管理 酒店管理 实业 发展 控股 股份 贸易商行 经营部 商行 工作室 事务所 研究所 设计院 研究院 学校 医院 诊所 药店
""".split()

# Company-name parts beyond the samples' brands: a brand is one of these plus an industry plus a suffix.
BRAND_WORDS = """
华信 金达 宏远 恒通 瑞祥 新华 中兴 鼎新 永安 博达 嘉诚 信达 隆盛 天成 海天 东升 明德 锦华 华盛 兴达 远大 德信 安泰
宏发 凯达 腾飞 盛世 泰和 万达 富源 聚源 汇通 通达 顺达 祥和 康泰 正大 宝丰 昌盛 鸿达 鑫源 金鹏 银河 长城 长江 黄河
泰山 华山 昆仑 星辰 宇航 晨光 曙光 朝阳 旭日 东海 南海 北辰 西域 中原 江南 江北 湖光 山水 绿源 蓝天 白鹭 青松
""".split()
COMPANY_SUFFIXES = ("有限公司", "有限公司", "股份有限公司", "有限责任公司", "分公司", "集团有限公司", "商行", "经营部")
TITLES = {
    DocType.CONTRACT: ("采购合同", "销售合同", "服务协议", "租赁合同", "技术服务合同", "补充协议", "框架协议", "借款合同",
                       "保理合同", "委托加工合同", "运输合同", "工程施工合同"),
    DocType.ARCHIVE_CARD: ("客户档案卡", "客户资料表", "客户登记表", "客户信息表"),
    DocType.ID_CARD: ("居民身份证复印件", "法定代表人身份证复印件", "经办人身份证复印件"),
    DocType.OTHER: ("客户沟通记录", "客户拜访记录", "收款凭证", "付款凭证", "对账单", "客户投诉处理单", "信用额度申请表",
                    "营业执照副本复印件", "授权委托书", "会议纪要", "催款函", "回访记录"),
}
CATEGORY_BY_TITLE = (
    (("投诉",), "投诉与处理"), (("收款", "付款", "对账", "信用额度", "催款"), "财务往来"),
    (("沟通", "拜访", "会议", "回访"), "沟通记录"), (("营业执照", "授权委托书"), "基础资料"),
)
CATEGORY_BY_TYPE = {DocType.CONTRACT: "合同协议", DocType.ARCHIVE_CARD: "基础资料", DocType.ID_CARD: "基础资料"}
DOC_TYPES = (DocType.ARCHIVE_CARD, DocType.ID_CARD, DocType.CONTRACT, DocType.CONTRACT, DocType.CONTRACT,
             DocType.OTHER, DocType.OTHER, DocType.OTHER)  # one customer's 8 pages


@dataclass(frozen=True)
class Vocabulary:
    words: tuple[str, ...]  # by rank: the first is the most frequent
    cum_weights: tuple[float, ...]
    chars: str  # every Han character the words use: what OCR substitutes from

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum_weights, k=k)


@cache
def vocabulary(seed: int = 0, exponent: float = 1.0) -> Vocabulary:
    """Function words first, then half the business terms, then the rest mixed with places, firms and people.

    The weight of rank r is ∝ 1/(r+2.7)^exponent (Zipf-Mandelbrot)."""
    rng = random.Random(f"vocabulary:{seed}")
    function = list(dict.fromkeys(FUNCTION_WORDS))
    business = [w for w in dict.fromkeys(BUSINESS_WORDS) if w not in function]
    names = [w for w in dict.fromkeys(_place_and_company_words() + _person_names(rng)) if w not in business]
    for tier in (function, business, names):
        rng.shuffle(tier)
    # Names mostly in the tail; a seeded interleave lets some places and people rank among the terms.
    head, tail = business[: len(business) // 2], business[len(business) // 2 :] + names
    rng.shuffle(tail)
    words = tuple(dict.fromkeys(function + head + tail))
    weights = [1.0 / (rank + 2.7) ** exponent for rank in range(len(words))]
    chars = "".join(sorted({ch for word in words for ch in word}))
    return Vocabulary(words, tuple(itertools.accumulate(weights)), chars)


def _place_and_company_words() -> list[str]:
    words = list(_vocab.BRANDS) + BRAND_WORDS + [w for ws in _vocab.INDUSTRIES.values() for w in ws]
    for region in _vocab.REGIONS:
        words += [region.city, region.district, *region.roads] + ([region.province] if region.province else [])
    return words + list(_vocab.POSITIONS) + list(_vocab.ESTATES) + list(_vocab.RESIDENCES)


def _person_names(rng: random.Random, count: int = 1200) -> list[str]:
    given = _vocab.GIVEN_MALE + _vocab.GIVEN_FEMALE
    names = set()
    while len(names) < count:
        surname = _vocab.SURNAMES[int(len(_vocab.SURNAMES) * rng.random() ** 2)]
        names.add(surname + "".join(rng.choice(given) for _ in range(rng.choice((1, 2, 2)))))
    return sorted(names)


@cache
def simplified_to_traditional() -> dict[int, str]:
    """OpenCC's first Traditional form of each Simplified character, kept where the index's folding maps it
    straight back (so a converted page says exactly what its source says)."""
    back = traditional_to_simplified()
    table: dict[int, str] = {}
    lines = (resources.files("opencc") / "dictionary" / "STCharacters.txt").read_text(encoding="utf-8").splitlines()
    for line in lines:
        simp, _, choices = line.partition("\t")
        trad = choices.split()[0] if choices.split() else simp
        if len(simp) == 1 and trad != simp and back.get(trad) == simp:
            table[ord(simp)] = trad
    return table


# --- customers and pages -------------------------------------------------------------------------


def _bijection(n: int, modulus: int) -> int:
    return (n * 7919 + 13) % modulus  # 7919 is prime and divides neither 99999 nor 9999


def customer_no(c: int) -> str:
    return f"KH-{FIRST_YEAR + c % 15}-{_bijection(c // 15, 99999):05d}"


def contract_no(c: int, k: int = 0) -> str:
    n = c + k  # one contract per customer: unique up to 159,984 customers (1.28M pages), then reused
    return f"HT-{FIRST_YEAR + n % YEARS}-{_bijection(n // YEARS % 9999, 9999):04d}"


def mobile(c: int, k: int = 0) -> str:
    digest = int(hashlib.blake2b(f"mobile:{c}:{k}".encode(), digest_size=8).hexdigest(), 16)
    return f"1{'35789'[digest % 5]}{digest // 5 % 10**9:09d}"


@dataclass(frozen=True)
class Page:
    index: int
    document: Document
    customer: Customer
    source: str  # the text as authored: Simplified, no layout, no OCR noise
    traditional: bool
    degraded: bool


class Corpus:
    def __init__(self, seed: int = 7, *, traditional_share: float = 0.05, degraded_share: float = 0.3,
                 size_bytes: tuple[int, int] = (1024, 2048)):
        self.seed = seed
        self.traditional_share = traditional_share
        self.degraded_share = degraded_share
        self.size_bytes = size_bytes
        self.vocabulary = vocabulary(seed)

    def customer(self, c: int) -> tuple[Customer, dict]:
        rng = random.Random(f"{self.seed}:customer:{c}")
        region = rng.choice(_vocab.REGIONS)
        brand = rng.choice(_vocab.BRANDS + tuple(BRAND_WORDS))
        industry = rng.choice([w for ws in _vocab.INDUSTRIES.values() for w in ws])
        name = f"{region.city.removesuffix('市')}{brand}{industry}{rng.choice(COMPANY_SUFFIXES)}"
        number = customer_no(c)
        year = int(number[3:7])
        customer = Customer(customer_no=number, name=name, archive_no=f"DA-{year}-{c + 1:06d}",
                            profile={"grade": "ABCDE"[min(4, int(rng.expovariate(0.8)))]},
                            created_at=datetime(year, rng.randint(1, 12), rng.randint(1, 28), tzinfo=UTC))
        people = {"legal_rep": self._person(rng), "contact": self._person(rng), "region": region,
                  "party_b": f"{rng.choice(BRAND_WORDS)}{rng.choice(['科技', '实业', '贸易', '机电'])}有限公司"}
        return customer, people

    def page(self, i: int, *, plant: tuple[str, ...] = (), fields: dict | None = None,
             traditional: bool | None = None, degraded: bool | None = None, doc_id: str | None = None) -> Page:
        """The i-th page; `plant` puts those strings into the body between words, `fields` adds extracted
        fields, and `traditional`/`degraded` override the seeded choice (for judged test sets)."""
        c, slot = divmod(i, PAGES_PER_CUSTOMER)
        customer, people = self.customer(c)
        rng = random.Random(f"{self.seed}:page:{i}")
        doc_type = DOC_TYPES[slot]
        title = rng.choice(TITLES[doc_type])
        day = self._date(rng, customer.created_at.date())
        fields = self._fields(c, slot, doc_type, customer, people, day) | (fields or {})
        body = self._body(rng, plant, random.Random(f"{self.seed}:plant:{i}:{plant}"))
        source = "\n\n".join([self._header(title, customer, fields, people, day, rng), body])
        roll_traditional, roll_degraded = rng.random(), rng.random()
        traditional = roll_traditional < self.traditional_share if traditional is None else traditional
        degraded = roll_degraded < self.degraded_share if degraded is None else degraded
        text = self._layout(source, rng)
        text = text.translate(simplified_to_traditional()) if traditional else text
        text = degrade(text, rng, self.vocabulary.chars) if degraded else text
        doc_id = doc_id or f"{self.seed:02d}{i:010d}"
        document = Document(
            id=doc_id, sha256=hashlib.sha256(doc_id.encode()).hexdigest(), filename=f"{doc_id}.png",
            media_type="image/png", size=len(text.encode()), doc_type=doc_type,
            pages=[DocPage(n=1, text=text, confidence=0.9)], fields=fields, customer_no=customer.customer_no,
            category=_category(doc_type, title), title=title,
            created_at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC) + timedelta(days=rng.randint(0, 30)),
        )
        return Page(i, document, customer, source, traditional, degraded)

    def entry(self, i: int) -> SearchEntry:
        page = self.page(i)
        return search_entry(page.document, page.customer, HASHER)

    def entry_batches(self, start: int, stop: int, *, batch: int = 2000, jobs: int = 2) -> Iterator[list[SearchEntry]]:
        """Entries for pages start..stop-1 in order, `batch` at a time, each batch split over `jobs` worker
        processes. Nothing runs while the caller holds a batch, so timing the caller times only the caller."""
        rounds = [(b, min(b + batch, stop)) for b in range(start, stop, batch)]
        if jobs <= 1:
            yield from (_entries(self, bounds) for bounds in rounds)
            return
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_set_worker_corpus, initargs=(self,)) as pool:
            for low, high in rounds:
                step = -(-(high - low) // jobs)
                parts = pool.map(_worker_entries, [(b, min(b + step, high)) for b in range(low, high, step)])
                yield [entry for part in parts for entry in part]

    # --- parts of a page ---

    def _person(self, rng: random.Random) -> dict:
        sex = rng.choice("男女")
        given = _vocab.GIVEN_MALE if sex == "男" else _vocab.GIVEN_FEMALE
        name = _vocab.SURNAMES[int(len(_vocab.SURNAMES) * rng.random() ** 2)] + "".join(
            rng.choice(given) for _ in range(rng.choice((1, 2, 2))))
        return {"name": name, "sex": sex, "birth": date(rng.randint(1955, 2000), rng.randint(1, 12), rng.randint(1, 28)),
                "seq": rng.randrange(500)}

    def _date(self, rng: random.Random, since: date) -> date:
        last = date(FIRST_YEAR + YEARS - 1, 12, 31)
        return since + timedelta(days=rng.randint(0, max(0, (last - since).days)))

    def _fields(self, c, slot, doc_type, customer, people, day) -> dict:
        fields = {"customer_no": customer.customer_no, "name": customer.name, "phone": mobile(c)}
        if doc_type is DocType.CONTRACT:
            fields |= {"contract_no": contract_no(c), "party_a": customer.name,
                       "party_b": people["party_b"], "sign_date": day.isoformat()}
        elif doc_type is DocType.ARCHIVE_CARD:
            fields |= {"legal_rep": people["legal_rep"]["name"], "grade": customer.profile["grade"],
                       "created_date": customer.created_at.date().isoformat()}
        elif doc_type is DocType.ID_CARD:
            person = people["legal_rep"]
            fields = {"name": person["name"], "id_number": _id_number(people["region"].code, person)}
        return fields

    def _header(self, title, customer, fields, people, day, rng) -> str:
        lines = [title]
        if "id_number" in fields:
            person, region = people["legal_rep"], people["region"]
            return "\n".join([title, f"姓名 {person['name']}", f"性别 {person['sex']} 民族 汉",
                              f"出生 {person['birth'].year}年{person['birth'].month}月{person['birth'].day}日",
                              f"住址 {region.city}{region.district}{rng.choice(region.roads)}{rng.randint(1, 999)}号",
                              f"公民身份号码 {fields['id_number']}"])
        if "contract_no" in fields:
            party_b = fields.get("party_b", people["party_b"])
            lines += [f"合同编号：{fields['contract_no']}", f"甲方：{customer.name}", f"乙方：{party_b}"]
        lines += [f"客户编号：{customer.customer_no}", f"客户名称：{customer.name}",
                  f"联系人：{people['contact']['name']} 联系电话：{fields['phone']}",
                  f"日期：{day.year}年{day.month}月{day.day}日"]
        if "grade" in fields:
            lines += [f"法定代表人：{fields['legal_rep']}", f"客户等级：{fields['grade']}级"]
        return "\n".join(lines)

    def _body(self, rng: random.Random, plant: tuple[str, ...] = (), plant_rng: random.Random | None = None) -> str:
        """Sentences of Zipf-drawn words until the page holds its 1-2 KB; planted strings go between words."""
        target = rng.randint(*self.size_bytes) // 3  # Han text is 3 bytes a character in UTF-8
        words = self.vocabulary.sample(rng, target // 2 + 16)
        out, length, since, sentence = [], 0, 0, rng.randint(4, 14)
        for word in words:
            out.append(word)
            length += len(word)
            since += 1
            if since >= sentence:
                out.append(rng.choice(PUNCTUATION) if rng.random() > 0.03 else f"{rng.randint(1, 9999)}")
                length, since, sentence = length + 1, 0, rng.randint(4, 14)
            if length >= target - 110:  # the header takes ~100 characters
                break
        for text in plant:
            out.insert(plant_rng.randrange(len(out) + 1), text)
        return "".join(out)

    def _layout(self, source: str, rng: random.Random) -> str:
        """OCR lines of 24-40 characters, broken between words (a clean scan); paragraphs stay apart."""
        lines, line, width = [], "", rng.randint(24, 40)
        for token in _tokens_for_layout(source):
            if token == "\n":
                lines.append(line)
                line = ""
                continue
            line += token
            if len(line) >= width:
                lines.append(line)
                line, width = "", rng.randint(24, 40)
        return "\n".join(lines + [line])


def _tokens_for_layout(text: str) -> list[str]:
    # Break only at punctuation or an existing line end: never inside a word of the source.
    tokens, current = [], ""
    for ch in text:
        if ch == "\n":
            tokens += [current, "\n"] if current else ["\n"]
            current = ""
        else:
            current += ch
            if ch in PUNCTUATION:
                tokens.append(current)
                current = ""
    return tokens + ([current] if current else [])


def degrade(text: str, rng: random.Random, alphabet: str, rate: float = 0.02) -> str:
    """OCR noise: replaced Han characters, blanks and line breaks inside words, full-width digits/letters."""
    out = []
    for ch in text:
        roll = rng.random()
        if roll < rate and "\u4e00" <= ch <= "\u9fff":
            ch = rng.choice(alphabet)
        out.append(ch)
        if rate <= roll < rate * 1.5:
            out.append(" ")
        elif rate * 1.5 <= roll < rate * 1.75:
            out.append("\n")
    noisy = "".join(out)
    return noisy.translate(FULL_WIDTH) if rng.random() < 0.5 else noisy


def _category(doc_type: DocType, title: str) -> str:
    if doc_type in CATEGORY_BY_TYPE:
        return CATEGORY_BY_TYPE[doc_type]
    return next((cat for words, cat in CATEGORY_BY_TITLE if any(w in title for w in words)), "其他")


def _id_number(region_code: str, person: dict) -> str:
    from docarchive.domain.idnumber import check_char

    first17 = f"{region_code}{person['birth']:%Y%m%d}{person['seq'] * 2 + (person['sex'] == '男'):03d}"
    return first17 + check_char(first17)


_WORKER_CORPUS: Corpus | None = None


def _set_worker_corpus(corpus: Corpus) -> None:
    global _WORKER_CORPUS
    _WORKER_CORPUS = corpus


def _worker_entries(bounds: tuple[int, int]) -> list[SearchEntry]:
    assert _WORKER_CORPUS is not None
    return _entries(_WORKER_CORPUS, bounds)


def _entries(corpus: Corpus, bounds: tuple[int, int]) -> list[SearchEntry]:
    return [corpus.entry(i) for i in range(*bounds)]
