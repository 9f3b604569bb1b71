"""Every label the exports print, in Simplified Chinese and English (exports follow the UI language)."""

from __future__ import annotations

from app.core.problems import Text

LABELS: dict[str, Text] = {
    # documents
    "plan_title": Text("个性化练习计划", "Practice plan"),
    "report_title": Text("班级学情报告", "Class report"),
    "app": Text("知点 Zhidian", "Zhidian 知点"),
    "class": Text("班级", "Class"),
    "assessments": Text("考试", "Assessments"),
    "generated": Text("生成日期", "Generated"),
    "model": Text("诊断模型", "Model"),
    "page": Text("第 {n} 页", "Page {n}"),
    "continued": Text("（续）", " (continued)"),
    "student_number": Text("学号", "Student number"),
    "student": Text("学生", "Student"),
    "pseudonym": Text("学生 {code}", "Student {code}"),
    "threshold": Text("薄弱阈值", "Weakness threshold"),
    "target_band": Text("目标得分率", "Target success"),
    # plan
    "mastery_chart": Text("各知识点掌握度", "Mastery per knowledge point"),
    "path": Text("学习路径", "Learning path"),
    "path_empty": Text("暂无需要优先练习的知识点。", "No knowledge point needs practice first."),
    "step_heading": Text("{n}. {kp}", "{n}. {kp}"),
    "question": Text("题目", "Question"),
    "from": Text("出处", "From"),
    "max_score": Text("满分", "Max"),
    "last_score": Text("上次得分", "Last score"),
    "predicted": Text("预测得分率", "Predicted success"),
    "why": Text("说明", "Why"),
    "bank": Text("题库", "Bank"),
    "fit": Text("难度", "Difficulty"),
    "fit_ok": Text("适宜", "just right"),
    "fit_hard": Text("略难", "a bit hard"),
    "fit_easy": Text("偏易", "easy"),
    "fit_estimated": Text("（估计）", " (estimated)"),
    "new_question": Text("新题", "new"),
    "not_answered": Text("未作答", "not answered"),
    "plan_legend": Text(
        "预测得分率：模型估计该生在这道题上能得到的分数比例；选题尽量落在 {lo:.1f}–{hi:.1f}（“跳一跳够得着”的难度最利于进步），"
        "已全对的题不再安排。掌握度后的范围是它可能所在的区间，越宽越不确定。",
        "Predicted success: the share of the marks the model expects this student to score on the question. "
        "Questions are chosen near {lo:.1f}–{hi:.1f}, a desirable difficulty (hard enough to learn from, within "
        "reach); questions already answered fully right are left out. The range after a mastery is where it "
        "likely lies: the wider, the less certain.",
    ),
    # chart
    "mastery": Text("掌握度", "Mastery"),
    "status_weak": Text("薄弱", "weak"),
    "status_developing": Text("待巩固", "developing"),
    "status_mastered": Text("已掌握", "mastered"),
    "status_insufficient": Text("证据不足", "too little evidence"),
    "below_threshold": Text("低于阈值", "below threshold"),
    "on_path": Text("①②…：学习路径顺序", "①②…: order on the learning path"),
    "interval": Text("可能范围", "likely range"),
    # report
    "summary": Text("概况", "Summary"),
    "report_facts": Text(
        "学生 {s} 人，题目 {i} 道，知识点 {k} 个。", "{s} students, {i} questions, {k} knowledge points."
    ),
    "weakest": Text("最需要关注的知识点：{items}。", "Knowledge points needing the most attention: {items}."),
    "weakest_item": Text(
        "{kp}（{n} 人低于阈值，平均掌握度 {m:.2f}）", "{kp} ({n} below the threshold, mean mastery {m:.2f})"
    ),
    "no_weak": Text("没有学生在任何知识点上低于阈值。", "No student is below the threshold on any knowledge point."),
    "weakness_chart": Text("各知识点全班掌握情况", "Class mastery per knowledge point"),
    "mean_mastery": Text("平均掌握度", "Mean mastery"),
    "mean_interval": Text("平均掌握度（95% 区间）", "Mean mastery (95% interval)"),
    "share_below": Text("低于阈值人数比例", "Share below threshold"),
    "score_rate": Text("得分率", "Score rate"),
    "n_below": Text("低于阈值", "Below threshold"),
    "n_insufficient": Text("证据不足", "Too little evidence"),
    "prerequisites": Text("前置知识", "Prerequisites"),
    "knowledge_point": Text("知识点", "Knowledge point"),
    "kp_table": Text("知识点汇总", "Knowledge points"),
    "heatmap": Text("学生 × 知识点掌握度", "Mastery per student × knowledge point"),
    "heatmap_note": Text("灰色斜线：证据不足，不作判断。", "Grey hatching: too little evidence to judge."),
    "items": Text("试题分析", "Item analysis"),
    "items_note": Text(
        "得分率 = 全班平均得分 ÷ 满分；区分度 = 总分前 27% 与后 27% 学生的得分率之差（低于 0.2 说明区分不好）。",
        "Score rate = class mean score ÷ max score; discrimination = score rate of the top 27 % minus the "
        "bottom 27 % by total (below 0.2 separates strong from weak students poorly).",
    ),
    "assessment": Text("考试", "Assessment"),
    "answered": Text("作答人数", "Answered"),
    "discrimination": Text("区分度", "Discrimination"),
    "flag": Text("提示", "Note"),
    "flag_hard": Text("偏难", "hard"),
    "flag_easy": Text("偏易", "easy"),
    "flag_low_disc": Text("区分度低", "low discrimination"),
    "help": Text("各知识点需要帮助的学生", "Students needing help per knowledge point"),
    "help_note": Text(
        "按前置关系排序（先学的在前）；学生按掌握度从低到高，括号内为掌握度。仅列出证据充足且低于阈值的学生。",
        "In prerequisite order (what is learnt first comes first); students from lowest mastery up, mastery in "
        "brackets. Only students with enough evidence who are below the threshold are listed.",
    ),
    "count": Text("人数", "Count"),
    "students": Text("学生", "Students"),
    "nobody": Text("—", "—"),
    # privacy
    "privacy": Text(
        "本文件含学生个人学情，仅供教师和家长使用，请勿公开张贴或排名（《未成年人学校保护规定》）。",
        "Contains individual students' results: for teachers and parents only; do not publish or rank "
        "(China's 未成年人学校保护规定).",
    ),
    "anonymised": Text(
        "已匿名：姓名以代号替代，学号已删除。", "Anonymised: names replaced by codes, student numbers removed."
    ),
    # tables
    "order": Text("顺序", "Order"),
    "lower": Text("区间下限", "Lower"),
    "upper": Text("区间上限", "Upper"),
    "evidence": Text("依据题数", "Evidence"),
    "status": Text("状态", "Status"),
    "expected_gain": Text("预期收益（占总分）", "Expected gain (share of total)"),
    "weak_prerequisites": Text("先练的前置知识", "Weak prerequisites first"),
    "reason": Text("原因", "Reason"),
    "question_id": Text("题号", "Question"),
    "source": Text("来源", "Source"),
    "source_exam": Text("考试原题", "exam"),
    "source_bank": Text("题库", "bank"),
    "question_text": Text("题目内容", "Question text"),
    "in_target": Text("在目标区间", "In target"),
    "estimated": Text("估计值", "Estimated"),
    "yes": Text("是", "yes"),
    "no": Text("否", "no"),
    "sheet_plans": Text("练习计划", "Practice plans"),
    "sheet_mastery": Text("掌握度", "Mastery"),
    "sheet_mastery_long": Text("掌握度明细", "Mastery details"),
    "sheet_kps": Text("知识点汇总", "Knowledge points"),
    "sheet_items": Text("试题分析", "Item analysis"),
    "sheet_help": Text("需要帮助的学生", "Students needing help"),
    "summary_col": Text("概述", "Summary"),
}


def label(key: str, lang: str, **values: object) -> str:
    """The label `key` in `lang`, with `values` filled in."""
    text = LABELS[key].get(lang)
    return text.format(**values) if values else text


def status_label(status: str, lang: str) -> str:
    """A diagnosis status ("weak", "developing", "mastered", "insufficient") in `lang`."""
    key = f"status_{status}"
    return label(key, lang) if key in LABELS else status
