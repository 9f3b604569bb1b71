"""Every label the exports print, in Simplified Chinese and English (exports follow the UI language)."""

from __future__ import annotations

from app.core.problems import Text
from app.core.vocabulary import status_text

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
    # handbook (for the student and parents: nothing about other students)
    "handbook_title": Text("学习手册", "Learning handbook"),
    "handbook_intro": Text(
        "这份手册根据最近的考试答题情况，找出需要加强的知识点，并给出练习建议。它只写你自己的情况。",
        "This handbook shows, from your recent exams, the knowledge points to work on and what to practise. "
        "It is about you alone.",
    ),
    "handbook_chart": Text("我的各知识点掌握情况", "My mastery per knowledge point"),
    "handbook_chart_some": Text(
        "我的各知识点掌握情况（列出需要加强的 {n} 项，共 {k} 项）",
        "My mastery per knowledge point ({n} to work on of {k})",
    ),
    "handbook_todo": Text("需要加强的知识点（按这个顺序练）", "To work on (in this order)"),
    "handbook_none": Text(
        "目前没有明显薄弱的知识点，保持练习，继续加油！",
        "No knowledge point is clearly weak at the moment: keep it up!",
    ),
    "handbook_developing": Text(
        "没有明显薄弱的知识点。还需要巩固：{points}，多做这些方面的练习。",
        "No knowledge point is clearly weak. Still to consolidate: {points}; keep practising these.",
    ),
    "behind_overall_path": Text(
        "总体落后：不是每个知识点各有问题，而是整体基础需要加强；按下面的顺序从基础练起。",
        "Behind overall: not a separate weakness on each point but the overall level to bring up; work through "
        "the points below in this order, basics first.",
    ),
    "handbook_step": Text("掌握度 {m}（{status}）。", "Mastery {m} ({status})."),
    "handbook_do": Text(
        "先看课本和笔记中“{kp}”的例题，弄懂后独立完成下面的题；做错的题订正后问老师。",
        "Read the worked examples on '{kp}' in the textbook and your notes, then do the questions below on "
        "your own; correct any you get wrong and ask your teacher.",
    ),
    "handbook_pre": Text("先把{pre}练好，再练这一项。", "Practise {pre} first, then this one."),
    "handbook_unlocks": Text("学好它，{after}也会更容易。", "Once this is solid, {after} gets easier."),
    "handbook_more": Text(
        "另有 {n} 个知识点需要加强：{points}。先完成上面的，老师会再安排。",
        "{n} more to work on: {points}. Finish the ones above first; your teacher will plan the rest.",
    ),
    "handbook_good": Text("做得好的知识点：{points}。", "Going well: {points}."),
    "handbook_unknown": Text(
        "这些知识点考得太少，暂时看不出掌握情况：{points}。",
        "Too few questions so far to tell: {points}.",
    ),
    "handbook_sign": Text(
        "家长签字：__________________　　日期：____________",
        "Parent's signature: __________________    Date: ____________",
    ),
    "handbook_footer": Text(
        "掌握度是根据答题情况估计的 0–1 之间的数，范围越宽越不确定；仅供学生本人和家长使用。",
        "Mastery is an estimate between 0 and 1 from the answers; the wider its range, the less certain. "
        "For the student and parents only.",
    ),
    "your_last_score": Text("上次得分", "Last time"),
    # 讲评 list
    "review_title": Text("试卷讲评清单", "Exam review list"),
    "review_note": Text(
        "先讲的题：失分多、区分度高、考查的知识点很多学生薄弱。优先级 = (1 − 得分率) × (1 + 区分度) × "
        "(1 + 该题知识点薄弱学生占比)。选择题列出每个错误选项和选它的学生。",
        "Questions to go over first: many marks lost, good discrimination, and points many students are weak on. "
        "Priority = (1 − score rate) × (1 + discrimination) × (1 + share of students weak on its points). "
        "Choice questions list each wrong option and who chose it.",
    ),
    "priority": Text("优先级", "Priority"),
    "weak_share": Text("薄弱学生占比", "Weak on its points"),
    "answer_key": Text("正确答案", "Key"),
    "wrong_options": Text("错误选项", "Wrong options"),
    "chose": Text("选 {answer}（{n} 人）：{names}", "Chose {answer} ({n}): {names}"),
    "lost_marks": Text("未得满分（{n} 人）：{names}", "Below full marks ({n}): {names}"),
    "option_count": Text("{answer} {n} 人", "{answer}: {n}"),
    "who": Text("学生", "Students"),
    "sheet_review": Text("讲评清单", "Review list"),
    # 分层 groups
    "groups_title": Text("分层练习", "Practice groups"),
    "groups_note": Text(
        "按各学生薄弱知识点的组合分组（A 组最需要帮助）；每组一张练习单，题目按组内平均预测得分率选在 {lo:.1f}–{hi:.1f} 附近。"
        "分组仅供教师安排练习，请勿公开。",
        "Students grouped by their pattern of weak knowledge points (group A needs the most support); one "
        "practice sheet per group, questions chosen near {lo:.1f}–{hi:.1f} mean predicted success within the "
        "group. For the teacher's planning only; do not publish.",
    ),
    "group": Text("组", "Group"),
    "group_name": Text("{letter} 组", "Group {letter}"),
    "members": Text("成员", "Members"),
    "shared_weak": Text("共同薄弱知识点", "Shared weak points"),
    "group_sheet": Text("{letter} 组练习单", "Group {letter} practice sheet"),
    "group_predicted": Text("组内平均预测得分率", "Mean predicted success"),
    "no_sheet": Text("这一组没有共同的薄弱知识点，可做综合练习。", "No weak point shared by most of this group."),
    "sheet_groups": Text("分组", "Groups"),
    "sheet_group_questions": Text("练习单", "Sheets"),
    # chart
    "mastery": Text("掌握度", "Mastery"),
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
    "options": Text("选项分布（✓ 正确）", "Answers chosen (✓ key)"),
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
    "overall": Text("总体水平", "Overall"),
    "p_weak": Text("薄弱概率", "P(weak)"),
    "finding": Text("结论", "Finding"),
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
    """A diagnosis status in `lang`: its one translation (`app.core.vocabulary.Status`)."""
    return status_text(status, lang)
