"""Pinyin tokens for titles, units and columns (full syllables and initials).

Citizens type 年报 as `nianbao` and 政务公开 as `zwgk`. Full pinyin is indexed as
pairs of adjacent syllables (nian'bao), which the client rebuilds by splitting
the typed letters with SYLLABLES; initials are indexed for windows of 3-4
characters of titles (two letters alone match too many unrelated pairs in running
text). Unit and column names are not tokenised: the manifest carries their
syllables and the client matches names, their pinyin and initials itself.
"""
from __future__ import annotations

from typing import Any

from ..structure.document import Document
from .tokens import cjk_runs, normalise

INITIALS = "#"
PAIR_JOIN = "'"

# Every toneless syllable pypinyin produces for a CJK character (ü written v, as typed on keyboards).
SYLLABLES = (
    "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce "
    "cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun "
    "chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de den deng di dian diao die ding diu dong dou "
    "du duan dui dun duo e ei en eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen "
    "geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hm hong hou hu hua "
    "huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang "
    "kao ke ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian "
    "liang liao lie lin ling liu lo long lou lu luan lun luo lv lve m ma mai man mang mao me mei men meng mi "
    "mian miao mie min ming miu mo mou mu n na nai nan nang nao ne nei nen neng ni nian niang niao nie nin "
    "ning niu nong nou nu nuan nun nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping "
    "po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong "
    "rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shen sheng shi "
    "shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te "
    "teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian "
    "xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue "
    "yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen zheng zhi zhong zhou zhu zhua "
    "zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo"
)
_SYLLABLE_SET = frozenset(SYLLABLES.split())


# Syllables of the runs seen so far. A rebuild primes it with the last reading of each changed
# file (title_syllables), so editing a body does not load pypinyin's tables (half a second).
KNOWN_RUNS: dict[str, tuple[str, ...]] = {}
MAX_KNOWN_RUNS = 100_000


_reader: Any = None     # pypinyin.Pinyin, made on first use: its tables take half a second to load


def load_tables() -> None:
    """Import pypinyin now: a process about to fork workers that all need it imports it once."""
    global _reader
    if _reader is None:
        from pypinyin.converter import UltimateConverter
        from pypinyin.core import Pinyin

        class RememberingConverter(UltimateConverter):
            """lazy_pinyin's converter, remembering the toneless form of each reading it converts.

            pypinyin runs every syllable through a chain of a dozen calls and regular expressions to
            drop its tone, about half the time a title takes; a catalogue's titles use a few
            thousand readings. The form depends on the reading alone, not on the character
            (tests/test_search_index.py checks every character pypinyin knows)."""

            def __init__(self) -> None:
                super().__init__()
                self.converted: dict[tuple[str, Any, bool], str] = {}

            def convert_style(self, han: str, orig_pinyin: str, style: Any, strict: bool, **kwargs: Any) -> str:
                key = (orig_pinyin, style, strict)
                found = self.converted.get(key)
                if found is None:
                    found = self.converted[key] = super().convert_style(han, orig_pinyin, style, strict, **kwargs)
                return found

        _reader = Pinyin(RememberingConverter())


def _no_pinyin(chars: str) -> list[str]:
    return ["" for _ in chars]


def run_syllables(run: str) -> tuple[str, ...]:
    """Toneless syllables of a CJK run, one per character (polyphones read in context)."""
    syllables = KNOWN_RUNS.get(run)
    if syllables is None:
        load_tables()
        syllables = tuple(_reader.lazy_pinyin(run, errors=_no_pinyin))
        if len(syllables) != len(run):
            syllables = tuple("" for _ in run)
        if len(KNOWN_RUNS) >= MAX_KNOWN_RUNS:
            KNOWN_RUNS.clear()
        KNOWN_RUNS[run] = syllables
    return syllables


def title_syllables(doc: Document) -> str:
    """The syllables of a document's title, kept with the document in the cache (see KNOWN_RUNS).

    One string, "run<TAB>syllable syllable ...", a line per CJK run: every item carries it for the
    whole build, and a string costs a tenth of a dict of tuples of strings."""
    return "\n".join(f"{run}\t{' '.join(run_syllables(run))}" for run in cjk_runs(normalise(doc.title)))


def remember_syllables(known: str) -> None:
    """Take in what title_syllables found (an empty syllable is a character without pinyin)."""
    for line in known.split("\n") if known else ():
        run, _, syllables = line.partition("\t")
        if len(run) == syllables.count(" ") + 1:
            KNOWN_RUNS[run] = tuple(syllables.split(" "))


def _clean(syllable: str) -> str:
    return syllable if syllable in _SYLLABLE_SET else ""


def pinyin_tokens(text: str, initials_from: int) -> set[str]:
    """Syllable pairs of every CJK run, and initials of windows of initials_from..4 characters."""
    tokens: set[str] = set()
    for run in cjk_runs(normalise(text)):
        syllables = [_clean(s) for s in run_syllables(run)]
        for a, b in zip(syllables, syllables[1:]):
            if a and b:
                tokens.add(a + PAIR_JOIN + b)
        letters = [s[0] if s else "" for s in syllables]
        for width in range(initials_from, 5):
            for start in range(len(letters) - width + 1):
                window = letters[start: start + width]
                if all(window):
                    tokens.add(INITIALS + "".join(window))
    return tokens


def name_syllables(name: str) -> str:
    """One entry per character of a unit or column name: its syllable, or "" for anything else
    ("财政局" -> "cai zheng ju"); the client matches typed pinyin and initials against it."""
    syllables = []
    for ch in name:
        runs = cjk_runs(normalise(ch))
        syllables.append(_clean(run_syllables(runs[0])[0]) if runs else "")
    # Polyphones read in the context of the whole name where the name is one run.
    runs = cjk_runs(normalise(name))
    if len(runs) == 1 and len(runs[0]) == len(name):
        syllables = [_clean(s) for s in run_syllables(name)]
    return " ".join(syllables)


def full_pinyin(text: str) -> tuple[str, str]:
    """('nianbao', 'nb') for a short word: how the client recognises an abbreviation typed in pinyin."""
    syllables = [_clean(s) for run in cjk_runs(normalise(text)) for s in run_syllables(run)]
    if not syllables or not all(syllables):
        return "", ""
    return "".join(syllables), "".join(s[0] for s in syllables)
