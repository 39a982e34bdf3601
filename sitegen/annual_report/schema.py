"""The national annual-report format (国办公开办函〔2021〕30号): every label, exactly.

Third parties check reports against these labels character by character, so
they live in one place: the data-file reader, the checks and the template all
take them from here.
"""
from __future__ import annotations

from dataclasses import dataclass

FORMAT_NAME = "国办公开办函〔2021〕30号"
FIRST_YEAR = 2021          # reports of earlier years keep the form their authors gave them

SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
# Sections that carry a table after their prose: section index -> table.
TABLE_OF_SECTION = {1: "table2", 2: "table3", 3: "table4"}
TABLE3_CAPTION = SECTIONS[2].split("、", 1)[1]     # 收到和处理政府信息公开申请情况
TABLE4_CAPTION = SECTIONS[3].split("、", 1)[1]     # 政府信息公开行政复议、行政诉讼情况

# ---- Table 二: four sub-tables, each headed by its item of Art. 20 ----------------------------

CONTENT_HEADER = "信息内容"
ITEM_1 = "第二十条第（一）项"
REGULATION_KINDS = ("规章", "行政规范性文件")
MADE, ABOLISHED, IN_FORCE = "本年制发件数", "本年废止件数", "现行有效件数"
REGULATION_COLUMNS = (MADE, ABOLISHED, IN_FORCE)


@dataclass(frozen=True)
class DecisionTable:
    caption: str               # 第二十条第（五）项
    value_header: str          # 本年处理决定数量
    rows: tuple[str, ...]      # 行政许可
    decimal: bool = False      # amounts in 万元 may have decimals; counts may not


DECISION_TABLES = (
    DecisionTable("第二十条第（五）项", "本年处理决定数量", ("行政许可",)),
    DecisionTable("第二十条第（六）项", "本年处理决定数量", ("行政处罚", "行政强制")),
    DecisionTable("第二十条第（八）项", "本年收费金额（单位：万元）", ("行政事业性收费",), decimal=True),
)

# ---- Table 三: applications, 6 applicant columns plus 总计 ------------------------------------

TABLE3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = "申请人情况"
NATURAL_PERSON = "自然人"
LEGAL_PERSON = "法人或其他组织"
ORGANISATION_KINDS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
APPLICANT_COLUMNS = (NATURAL_PERSON, *ORGANISATION_KINDS)
TOTAL = "总计"


@dataclass(frozen=True)
class Row:
    key: str                   # what staff write in the data file
    label: str                 # what the table prints
    group: str = ""            # the spanning row header it sits under, if any


NEW = Row("本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量")
CARRIED_IN = Row("上年结转政府信息公开申请数量", "二、上年结转政府信息公开申请数量")
RESULTS = "三、本年度办理结果"
RESULT_GROUPS: tuple[tuple[str, tuple[Row, ...]], ...] = (
    ("", (Row("予以公开", "（一）予以公开"),
          Row("部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"))),
    ("（三）不予公开", tuple(Row(k, f"{i}.{k}", "（三）不予公开") for i, k in enumerate((
        "属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
        "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"), 1))),
    ("（四）无法提供", tuple(Row(k, f"{i}.{k}", "（四）无法提供") for i, k in enumerate((
        "本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"), 1))),
    ("（五）不予处理", tuple(Row(k, f"{i}.{k}", "（五）不予处理") for i, k in enumerate((
        "信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息"), 1))),
    ("（六）其他处理", tuple(Row(k, f"{i}.{k}", "（六）其他处理") for i, k in enumerate((
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他"), 1))),
)
RESULT_ROWS: tuple[Row, ...] = tuple(row for _, rows in RESULT_GROUPS for row in rows)
RESULTS_TOTAL = Row("总计", "（七）总计")
CARRIED_OUT = Row("结转下年度继续办理", "四、结转下年度继续办理")
# Short names staff may use in the data file instead of the full row name.
ROW_ALIASES = {"本年新收": NEW.key, "本年新收申请数量": NEW.key, "上年结转": CARRIED_IN.key,
               "上年结转申请数量": CARRIED_IN.key, "结转下年度": CARRIED_OUT.key}

# ---- Table 四: 行政复议 and 行政诉讼, 15 cells ---------------------------------------------------

REVIEW = "行政复议"
LITIGATION = "行政诉讼"
DIRECT_SUIT = "未经复议直接起诉"
SUIT_AFTER_REVIEW = "复议后起诉"
OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结")
CASE_GROUPS = (REVIEW, DIRECT_SUIT, SUIT_AFTER_REVIEW)

# ---- Data file keys ---------------------------------------------------------------------------

KEY_YEAR = "年度"
KEY_TABLE2 = "表二"
KEY_TABLE3 = "表三"
KEY_TABLE4 = "表四"
