<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BackupDialog</name>
    <message>
        <source>cannot be read (damaged or not a Zhidian store)</source>
        <translation>无法读取（已损坏或不是知点数据库）</translation>
    </message>
    <message>
        <source> and {n} more</source>
        <translation> 等 {n} 个</translation>
    </message>
    <message>
        <source>nothing yet (an empty store)</source>
        <translation>没有内容（空数据库）</translation>
    </message>
    <message>
        <source>{classes}: {students} students, {exams} exams</source>
        <translation>{classes}：{students} 名学生，{exams} 次考试</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Backups of the store {store}, newest first. Zhidian makes one each day it is first opened, and before every import, undo, deletion, paper change, restore and upgrade; the newest 20 are kept in {folder}. Restoring first backs up the store as it is now, so a restore can itself be undone.</source>
        <translation>数据库 {store} 的备份，最新的在前。知点每天第一次打开时，以及每次导入、撤销、删除、修改试卷、恢复和升级之前都会备份，最近 20 份保存在 {folder}。恢复前会先备份当前数据库，因此恢复本身也可以撤回。</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>What it holds</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Newest import</source>
        <translation>最近一次导入</translation>
    </message>
    <message>
        <source>This store has no backup yet. File → Back up now makes one.</source>
        <translation>这个数据库还没有备份。可用“文件 → 立即备份”备份一份。</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>恢复…</translation>
    </message>
    <message>
        <source>Put the chosen backup back in place of the store (asks first; the store is backed up before)</source>
        <translation>用选中的备份替换当前数据库（会先询问；替换前先备份当前数据库）</translation>
    </message>
    <message>
        <source>Open backup folder</source>
        <translation>打开备份文件夹</translation>
    </message>
    <message>
        <source>Show the backup files in the file manager</source>
        <translation>在文件管理器中显示备份文件</translation>
    </message>
    <message>
        <source>Close without restoring anything</source>
        <translation>关闭，不恢复任何备份</translation>
    </message>
    <message>
        <source>Choose a backup, then press Restore…</source>
        <translation>选择一个备份，然后点“恢复…”</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <source>Mastery</source>
        <translation>掌握度</translation>
    </message>
    <message>
        <source>Share of students weak</source>
        <translation>薄弱学生占比</translation>
    </message>
    <message>
        <source>Class mean mastery (95% interval)</source>
        <translation>全班平均掌握度（95% 区间）</translation>
    </message>
    <message>
        <source>Score rate</source>
        <translation>得分率</translation>
    </message>
    <message>
        <source>No weak knowledge points: nothing to catch up on.</source>
        <translation>没有薄弱知识点，无需补习。</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>考试</translation>
    </message>
</context>
<context>
    <name>CheckModelDialog</name>
    <message>
        <source>Hiding scores and predicting them…</source>
        <translation>正在隐藏部分成绩并预测…</translation>
    </message>
    <message>
        <source>The check could not be run:</source>
        <translation>无法完成检验：</translation>
    </message>
    <message>
        <source>Check cancelled.</source>
        <translation>检验已取消。</translation>
    </message>
    <message>
        <source>We hid {n} of this class&apos;s scores ({share:.0%} of each student&apos;s), re-ran the diagnosis without them, and predicted them.</source>
        <translation>我们隐藏了本班 {n} 个成绩（每名学生的 {share:.0%}），在不看这些成绩的情况下重新诊断，再预测它们。</translation>
    </message>
    <message>
        <source>Its predictions were off by {e} of a question&apos;s points on average (score rate: {b}).</source>
        <translation>它的预测平均偏差为每题分值的 {e}（得分率：{b}）。</translation>
    </message>
    <message>
        <source>Given a hidden answer that was right and one that was wrong, it rated the right one higher {e} of the time (score rate: {b}; 50% is guessing).</source>
        <translation>任取一道答对、一道答错的隐藏题，它有 {e} 的把握把答对的那道排得更高（得分率：{b}；50% 相当于瞎猜）。</translation>
    </message>
    <message>
        <source>AUC (higher is better)</source>
        <translation>AUC（越高越好）</translation>
    </message>
    <message>
        <source>RMSE (lower is better)</source>
        <translation>RMSE（越低越好）</translation>
    </message>
    <message>
        <source>Log loss (lower is better)</source>
        <translation>对数损失（越低越好）</translation>
    </message>
    <message>
        <source>Calibration error ECE (lower is better)</source>
        <translation>校准误差 ECE（越低越好）</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Score rate</source>
        <translation>得分率</translation>
    </message>
    <message>
        <source>Rasch, same data</source>
        <translation>Rasch（同样数据）</translation>
    </message>
    <message>
        <source>Diagnosis, latest exam</source>
        <translation>诊断（最近一次考试）</translation>
    </message>
    <message>
        <source>Latest exam alone</source>
        <translation>只用最近一次考试</translation>
    </message>
    <message>
        <source>On the latest exam&apos;s {n} hidden scores only</source>
        <translation>只在最近一次考试的 {n} 个隐藏得分上比较</translation>
    </message>
    <message>
        <source>Profile reliability beyond the overall level</source>
        <translation>扣除总体水平后的知识点画像信度</translation>
    </message>
    <message>
        <source>Check the model</source>
        <translation>检验模型</translation>
    </message>
    <message>
        <source>How far can you trust the diagnosis of {cls}? Zhidian hides some of the scores, diagnoses without them, and checks its predictions of the hidden scores against the simple per-knowledge-point score rate that exam platforms show.</source>
        <translation>{cls} 的诊断有多可信？知点会隐藏一部分成绩，在没有这些成绩的情况下诊断，再把对隐藏成绩的预测与阅卷平台常用的按知识点得分率相比较。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the check or the training; nothing is changed</source>
        <translation>停止检验或训练；不会改动任何内容</translation>
    </message>
    <message>
        <source>Close this window (a check or training still running is stopped)</source>
        <translation>关闭此窗口（正在进行的检验或训练会停止）</translation>
    </message>
    <message>
        <source>How reproducible each student&apos;s pattern of strong and weak points is once their overall level is taken out (0: not at all, 1: fully)</source>
        <translation>扣除学生的总体水平后，每位学生各知识点强弱的格局能否重现（0：完全不能，1：完全能）</translation>
    </message>
    <message>
        <source>Show AUC, RMSE, log loss and calibration error of the diagnosis beside the score rate&apos;s</source>
        <translation>并列显示诊断与得分率的 AUC、RMSE、对数损失和校准误差</translation>
    </message>
    <message>
        <source>Details for specialists (AUC, RMSE…)</source>
        <translation>专业指标（AUC、RMSE…）</translation>
    </message>
</context>
<context>
    <name>ClassView</name>
    <message>
        <source>Weakness per group (weakest first)</source>
        <translation>各组薄弱情况（最薄弱的在上）</translation>
    </message>
    <message>
        <source>Run the diagnosis to see mastery per knowledge point.</source>
        <translation>运行诊断后可查看各知识点的掌握度。</translation>
    </message>
    <message>
        <source>Import another assessment of this class to compare assessments.</source>
        <translation>再导入本班的一次考试，即可比较各次考试。</translation>
    </message>
    <message>
        <source>Class mean mastery</source>
        <translation>全班平均掌握度</translation>
    </message>
    <message>
        <source>Mastery after each assessment, carried through the term in date order; a missing bar means no student had enough evidence on the point yet.</source>
        <translation>按日期顺序逐次考试推算的每次考试之后的掌握度；缺少的柱表示该知识点还没有学生有足够的依据。</translation>
    </message>
    <message>
        <source>Mastery diagnosed from each assessment alone; a missing bar means the assessment did not test the point.</source>
        <translation>掌握度按每次考试单独诊断；缺少的条表示该次考试没有考查这个知识点。</translation>
    </message>
    <message>
        <source>Score rate per assessment; run the diagnosis to compare mastery.</source>
        <translation>各次考试的得分率；运行诊断后可比较掌握度。</translation>
    </message>
    <message>
        <source>Progress over the term appears once two exams of this class are diagnosed.</source>
        <translation>本班有两次考试完成诊断后，这里显示本学期的进步。</translation>
    </message>
    <message>
        <source>No knowledge point is judged after two exams yet.</source>
        <translation>还没有知识点在两次考试之后都有足够的依据。</translation>
    </message>
    <message>
        <source>Now: rose beyond its uncertainty</source>
        <translation>现在：上升超出不确定性</translation>
    </message>
    <message>
        <source>Now: fell beyond its uncertainty</source>
        <translation>现在：下降超出不确定性</translation>
    </message>
    <message>
        <source>Now: within its uncertainty</source>
        <translation>现在：变化在不确定性之内</translation>
    </message>
    <message>
        <source>Class mean mastery with its {level:.0%} interval: hollow, the start of term (after {start}); below it, now (after {now})</source>
        <translation>全班平均掌握度及其 {level:.0%} 区间：空心为学期初（{start} 之后），其下为现在（{now} 之后）</translation>
    </message>
    <message>
        <source>(from {exam})</source>
        <translation>（自{exam}起）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Since the start of term (after {start}) to now (after {now}), beyond its uncertainty the class mean rose on: {up}; fell on: {down}.</source>
        <translation>自学期初（{start} 之后）到现在（{now} 之后），全班平均超出不确定性上升的知识点：{up}；下降的：{down}。</translation>
    </message>
    <message>
        <source>How far the points can be told apart (profile reliability, {gate:.2f} needed) after each exam: {grew}</source>
        <translation>各次考试之后知识点之间的区分度（画像信度，需 {gate:.2f}）：{grew}</translation>
    </message>
    <message>
        <source>{n} of {total} students behind overall · point-specific flags shown (profile reliability {r})</source>
        <translation>{total} 名学生中有 {n} 名总体落后 · 显示针对知识点的标记（画像信度 {r}）</translation>
    </message>
    <message>
        <source>{n} of {total} students behind overall · point-specific flags not supported (profile reliability {r})</source>
        <translation>{total} 名学生中有 {n} 名总体落后 · 不支持针对知识点的标记（画像信度 {r}）</translation>
    </message>
    <message>
        <source>No class loaded.</source>
        <translation>尚未打开班级。</translation>
    </message>
    <message>
        <source>{cls}: {students} students, {items} questions, {kps} knowledge points, assessments: {assessments}</source>
        <translation>{cls}：{students} 名学生，{items} 道题，{kps} 个知识点，考试：{assessments}</translation>
    </message>
    <message>
        <source>{shown} of {total}</source>
        <translation>{total} 人中的 {shown} 人</translation>
    </message>
    <message>
        <source>This class&apos;s points cannot be told apart, groups of them can: the chart shows the groups; ticked, every knowledge point as detail</source>
        <translation>本班的知识点之间区分不开，合并成组后可以区分：图中显示各组；勾选后显示每个知识点作为明细</translation>
    </message>
    <message>
        <source>Weakness per knowledge point (weakest first)</source>
        <translation>各知识点薄弱情况（最薄弱的在上）</translation>
    </message>
    <message>
        <source>By group ({kind}): the points cannot be told apart here, these groups can (profile reliability {fine} → {r}); hover for their points.</source>
        <translation>按组显示（{kind}）：本班的知识点之间区分不开，这几组可以区分（画像信度 {fine} → {r}）；鼠标停在这里看各组的知识点。</translation>
    </message>
    <message>
        <source>Points cannot be told apart here (reliability {fine}); the knowledge graph&apos;s units can ({r}; hover for them, their points stay as detail).</source>
        <translation>本班各知识点区分不开（信度 {fine}）；按知识图谱的单元（上级知识点）可以区分（{r}；鼠标停在这里看各单元，细的知识点仍作明细）。</translation>
    </message>
    <message>
        <source>Points cannot be told apart here (reliability {fine}); the paper&apos;s 大题 can ({r}; hover for them, their points stay as detail).</source>
        <translation>本班各知识点区分不开（信度 {fine}）；按试卷的大题可以区分（{r}；鼠标停在这里看各大题，细的知识点仍作明细）。</translation>
    </message>
    <message>
        <source>Points cannot be told apart here (reliability {fine}); groups of points tested together can ({r}; hover for them).</source>
        <translation>本班各知识点区分不开（信度 {fine}）；把常在一起考的知识点合成组后可以区分（{r}；鼠标停在这里看各组）。</translation>
    </message>
    <message>
        <source>Points cannot be told apart here (reliability {fine}), nor groups of them (best {r}): a weak point mostly means a student weak overall.</source>
        <translation>本班各知识点区分不开（信度 {fine}），合成组也不行（最好 {r}）：薄弱点多半说明学生整体偏弱。</translation>
    </message>
    <message>
        <source>Points (detail)</source>
        <translation>知识点明细</translation>
    </message>
    <message>
        <source>Bars: class mean mastery with its 95% interval; right: share of students diagnosed weak. Students without enough evidence for a point are left out of it.</source>
        <translation>左：全班平均掌握度及其 95% 区间；右：被诊断为薄弱的学生占比。某知识点证据不足的学生不计入该知识点。</translation>
    </message>
    <message>
        <source>Weak overall: expected below the weak threshold on an average question. The profile reliability (0 to 1) says how well this class&apos;s scores tell a student&apos;s points apart beyond their overall level. Where flags are shown, the student view marks points weak relative to each student&apos;s own level; where they are not supported, most weak points here mean &apos;behind overall&apos;.</source>
        <translation>总体薄弱：在一道中等难度的题上预计得分低于薄弱阈值。画像信度（0 到 1）表示扣除总体水平后，本班成绩区分学生各知识点的可靠程度。显示标记时，学生视图会标出相对于学生自身水平的薄弱点；不支持时，这里的大多数薄弱点意味着“总体落后”。</translation>
    </message>
    <message>
        <source>{symbols} — numbers are mastery (0–1). Click a header to sort; double-click a student, or press Enter, to open the student view.</source>
        <translation>{symbols} —— 数字为掌握度（0–1）。点击表头排序；双击学生或按回车打开学生视图。</translation>
    </message>
    <message>
        <source>Score rate: share of the points earned. Discrimination: score rate of the top 27% minus the bottom 27%; ⚠ marks questions below 0.2.</source>
        <translation>得分率：所得分数占满分的比例。区分度：前 27% 学生的得分率减去后 27% 学生的得分率；⚠ 标出低于 0.2 的题目。</translation>
    </message>
    <message>
        <source>Edit the paper…</source>
        <translation>编辑试卷…</translation>
    </message>
    <message>
        <source>Knowledge points, full marks and answer keys of an exam&apos;s questions</source>
        <translation>考试各题的知识点、满分和答案</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>查找：</translation>
    </message>
    <message>
        <source>学号 or name</source>
        <translation>学号或姓名</translation>
    </message>
    <message>
        <source>Show only the students whose 学号 or name contains this; Enter opens the first of them</source>
        <translation>只显示学号或姓名含有此内容的学生；按回车打开其中第一位</translation>
    </message>
    <message>
        <source>Mastery of each student per knowledge point; double-click or Enter opens the student</source>
        <translation>每位学生各知识点的掌握度；双击或按回车打开该学生</translation>
    </message>
    <message>
        <source>Per question: score rate, discrimination and, for choice questions, the answers chosen</source>
        <translation>每道题的得分率、区分度，选择题还有各选项的人数</translation>
    </message>
    <message>
        <source>Heat map</source>
        <translation>热力图</translation>
    </message>
    <message>
        <source>Item analysis</source>
        <translation>试题分析</translation>
    </message>
    <message>
        <source>Assessments</source>
        <translation>考试对比</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>学期进步</translation>
    </message>
    <message>
        <source>Against the grade</source>
        <translation>与年级对比</translation>
    </message>
    <message>
        <source>Every student&apos;s mastery of every knowledge point</source>
        <translation>每位学生在每个知识点上的掌握度</translation>
    </message>
    <message>
        <source>Score rate, discrimination and answers chosen per question</source>
        <translation>每道题的得分率、区分度和选项分布</translation>
    </message>
    <message>
        <source>How the class moved from one assessment to the next</source>
        <translation>全班在各次考试之间的变化</translation>
    </message>
    <message>
        <source>The class since the start of term: which points moved beyond their uncertainty, how planned points changed by the next exam, how far the points can be told apart</source>
        <translation>本班自学期初以来：哪些知识点的变化超出不确定性，计划中的知识点到下一次考试有何变化，知识点之间能区分到什么程度</translation>
    </message>
    <message>
        <source>The class&apos;s mean mastery against the other classes of its grade</source>
        <translation>本班平均掌握度与同年级其他班级对比</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Correct a score</source>
        <translation>更正成绩</translation>
    </message>
    <message>
        <source>{student}, question {question} (full marks {full})</source>
        <translation>{student}，第 {question} 题（满分 {full}）</translation>
    </message>
    <message>
        <source>The score stored now</source>
        <translation>目前保存的得分</translation>
    </message>
    <message>
        <source>The letters chosen, as imported (they do not change)</source>
        <translation>导入时所选的选项（不会改变）</translation>
    </message>
    <message>
        <source>A number from 0 to {full}; leave it empty for a missing score (absent)</source>
        <translation>0 到 {full} 之间的数；留空表示缺失（缺考）</translation>
    </message>
    <message>
        <source>empty = missing</source>
        <translation>留空 = 缺失</translation>
    </message>
    <message>
        <source>The correction is recorded, and the class&apos;s diagnosis is marked out of date: run it again to use the corrected score.</source>
        <translation>更正会被记录，本班的诊断将标记为已过期：重新运行诊断即可使用更正后的成绩。</translation>
    </message>
    <message>
        <source>Save correction</source>
        <translation>保存更正</translation>
    </message>
    <message>
        <source>Store the new score in place of the old one</source>
        <translation>用新得分替换原来的得分</translation>
    </message>
    <message>
        <source>Keep the stored score</source>
        <translation>保留原来的得分</translation>
    </message>
    <message>
        <source>Stored now:</source>
        <translation>目前得分：</translation>
    </message>
    <message>
        <source>Chose:</source>
        <translation>所选：</translation>
    </message>
    <message>
        <source>New score:</source>
        <translation>新得分：</translation>
    </message>
    <message>
        <source>A score is a number from 0 to {full}, or empty for missing.</source>
        <translation>得分应为 0 到 {full} 之间的数，缺失请留空。</translation>
    </message>
</context>
<context>
    <name>DataLocationTab</name>
    <message>
        <source>Name the school server&apos;s host, database and user, or choose this PC.</source>
        <translation>请填写学校服务器的地址、数据库和用户名，或选择“本机”。</translation>
    </message>
    <message>
        <source>Where the store is. On this PC: one teacher&apos;s file, as always. On the school server: the grade&apos;s store that several teachers share, each seeing their own classes (ask the school&apos;s IT teacher for the details). The password is kept in this computer&apos;s keyring, never in a file.</source>
        <translation>数据放在哪里。本机：一位老师自己的数据库文件，和以前一样。学校服务器：几位老师共用的年级数据库，每人只看到自己任教的班级（具体信息请向学校的信息技术老师索取）。密码保存在这台电脑的系统密码库中，从不写入文件。</translation>
    </message>
    <message>
        <source>This PC</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>School server (PostgreSQL)</source>
        <translation>学校服务器（PostgreSQL）</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>服务器地址：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>数据库：</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>kept in the keyring; leave empty to keep the saved one</source>
        <translation>保存在系统密码库中；留空则沿用已保存的密码</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>One PDF for the class (one page per student)</source>
        <translation>全班一个 PDF（每位学生一页）</translation>
    </message>
    <message>
        <source>One PDF per student, into a folder</source>
        <translation>每位学生一个 PDF，放入一个文件夹</translation>
    </message>
    <message>
        <source>One PDF for the class (one section per student; a long plan runs on to the next page)</source>
        <translation>全班一个 PDF（每位学生一节；计划较长时接续到下一页）</translation>
    </message>
    <message>
        <source>One file for the class</source>
        <translation>全班一个文件</translation>
    </message>
    <message>
        <source>PDF (for printing)</source>
        <translation>PDF（用于打印）</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Excel 工作簿（.xlsx）</translation>
    </message>
    <message>
        <source>CSV table (.csv)</source>
        <translation>CSV 表格（.csv）</translation>
    </message>
    <message>
        <source>PDF to print; Excel or CSV to edit</source>
        <translation>PDF 用于打印；Excel 或 CSV 用于编辑</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Files:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Everything in one file, to print at once</source>
        <translation>全部放在一个文件里，一次打印</translation>
    </message>
    <message>
        <source>A folder with one file per student, named after them, to hand out</source>
        <translation>一个文件夹，每位学生一个以其姓名命名的文件，便于分发</translation>
    </message>
    <message>
        <source>Questions:</source>
        <translation>题数：</translation>
    </message>
    <message>
        <source>How many questions the 讲评 list holds, those to go over first</source>
        <translation>讲评清单列出的题数（优先讲评的题目）</translation>
    </message>
    <message>
        <source>Groups:</source>
        <translation>分组数：</translation>
    </message>
    <message>
        <source>How many groups (2–4) to make by weak-point pattern</source>
        <translation>按薄弱知识点分成几组（2–4 组）</translation>
    </message>
    <message>
        <source>{letter}: {n}</source>
        <translation>{letter}组 {n}</translation>
    </message>
    <message>
        <source>The groups as shown in the 分层 tab, with the moves made there ({sizes} students).</source>
        <translation>按“分层”页中显示的分组导出，包括在那里做的调整（{sizes} 人）。</translation>
    </message>
    <message>
        <source>The students are grouped by their pattern of weak points.</source>
        <translation>按学生的薄弱知识点分组。</translation>
    </message>
    <message>
        <source>Weak below mastery {weak:.2f}, mastered from {mastered:.2f}: the thresholds of Settings, as in the window.</source>
        <translation>掌握度低于 {weak:.2f} 为薄弱，{mastered:.2f} 及以上为已掌握：与窗口中一样，采用“设置”中的阈值。</translation>
    </message>
    <message>
        <source>Choose where to save, then export in the background (progress in the status bar)</source>
        <translation>选择保存位置，然后在后台导出（进度显示在状态栏）</translation>
    </message>
    <message>
        <source>Close without exporting</source>
        <translation>关闭，不导出</translation>
    </message>
    <message>
        <source>One file per student, into a folder</source>
        <translation>每个学生一个文件，放在一个文件夹中</translation>
    </message>
    <message>
        <source>Export: {what}</source>
        <translation>导出：{what}</translation>
    </message>
    <message>
        <source>Anonymise</source>
        <translation>匿名化</translation>
    </message>
    <message>
        <source>Replace names by pseudonyms and leave 学号 out</source>
        <translation>用化名代替姓名，并省略学号</translation>
    </message>
    <message>
        <source>Names become pseudonyms and 学号 are left out, as 未成年人学校保护规定 asks for student information that leaves the school.</source>
        <translation>姓名换成化名，不含学号：按《未成年人学校保护规定》，带出学校的学生信息应当如此处理。</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Choose the gradebook</source>
        <translation>选择成绩表</translation>
    </message>
    <message>
        <source>An Excel or CSV file with one row per student (学号, 姓名, 第1题…) or one row per score.</source>
        <translation>Excel 或 CSV 文件：每名学生一行（学号、姓名、第1题…），或每个成绩一行。</translation>
    </message>
    <message>
        <source>Gradebook file:</source>
        <translation>成绩表文件：</translation>
    </message>
    <message>
        <source>Question info (optional):</source>
        <translation>题目信息（可选）：</translation>
    </message>
    <message>
        <source>Prerequisites (optional):</source>
        <translation>前置关系（可选）：</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>班级：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose the file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>The gradebook: an Excel or CSV file, as the exam system exported it</source>
        <translation>成绩表：阅卷系统导出的 Excel 或 CSV 文件</translation>
    </message>
    <message>
        <source>Optional: a separate file with 题号, 满分, 知识点 per question</source>
        <translation>可选：每题一行、含题号、满分、知识点的单独文件</translation>
    </message>
    <message>
        <source>Optional: a table of knowledge_point, prerequisite pairs</source>
        <translation>可选：知识点与前置知识对照表</translation>
    </message>
    <message>
        <source>The class the scores go into; not needed when the file has a 班级 column</source>
        <translation>成绩导入到哪个班级；文件有“班级”列时不需要填写</translation>
    </message>
    <message>
        <source>a separate file with 题号, 满分, 知识点 per question</source>
        <translation>单独的文件，每题一行：题号、满分、知识点</translation>
    </message>
    <message>
        <source>a table of knowledge_point, prerequisite pairs</source>
        <translation>知识点与前置知识的对照表</translation>
    </message>
    <message>
        <source>e.g. 八年级(3)班; not needed when the file has a 班级 column</source>
        <translation>例如 八年级(3)班；文件中有“班级”列时不必填写</translation>
    </message>
    <message>
        <source>Drop a gradebook file here</source>
        <translation>把成绩表文件拖到这里</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>Tables (*.xlsx *.xlsm *.xls *.csv);;All files (*)</source>
        <translation>表格 (*.xlsx *.xlsm *.xls *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>File not found: {path}</source>
        <translation>找不到文件：{path}</translation>
    </message>
</context>
<context>
    <name>GradeView</name>
    <message>
        <source>This class (95% interval)</source>
        <translation>本班（95% 区间）</translation>
    </message>
    <message>
        <source>This class, behind its grade</source>
        <translation>本班，落后于年级</translation>
    </message>
    <message>
        <source>Grade (95% interval)</source>
        <translation>年级（95% 区间）</translation>
    </message>
    <message>
        <source>Mean mastery</source>
        <translation>平均掌握度</translation>
    </message>
    <message>
        <source>Run the diagnosis to compare the class with its grade.</source>
        <translation>运行诊断后即可与年级对比。</translation>
    </message>
    <message>
        <source>To compare {cls} with its grade, diagnose its other classes ({classes}): Analysis → Diagnose the grade does them all in one go.</source>
        <translation>要把 {cls} 与年级比较，请诊断年级中的其他班级（{classes}）：“分析 → 诊断整个年级”可一次完成。</translation>
    </message>
    <message>
        <source>To compare {cls} with its grade, import the other classes that took the same exams (a whole grade&apos;s export imports them all at once) and run the diagnosis on each of them.</source>
        <translation>要把{cls}与年级对比，请导入参加同一考试的其他班级（导入整个年级的成绩导出文件可一次导入所有班级），并对每个班级运行诊断。</translation>
    </message>
    <message>
        <source>No other class of this grade is diagnosed yet.</source>
        <translation>本年级还没有其他已诊断的班级。</translation>
    </message>
    <message>
        <source>{cls} against its grade ({classes} and this class, the same exams), furthest behind first: behind on {behind} of {n} points.</source>
        <translation>{cls}与年级对比（{classes}及本班，同一考试），落后最多的在前：{n} 个知识点中落后 {behind} 个。</translation>
    </message>
    <message>
        <source>Out of date, scores changed since: {classes}.</source>
        <translation>诊断已过期（之后成绩有变化）：{classes}。</translation>
    </message>
    <message>
        <source>Not compared, not diagnosed yet: {classes}.</source>
        <translation>尚未诊断、未参与比较：{classes}。</translation>
    </message>
    <message>
        <source>Analysis → Diagnose the grade diagnoses them all.</source>
        <translation>“分析 → 诊断整个年级”可把它们全部诊断。</translation>
    </message>
    <message>
        <source>The grade: the diagnosed classes that took the same exams. Behind (red): the class&apos;s 95% interval lies wholly below the grade&apos;s mean mastery. The number is class minus grade.</source>
        <translation>年级：参加同一考试且已诊断的班级。落后（红色）：本班的 95% 区间整体低于年级平均掌握度。数字为本班减年级。</translation>
    </message>
</context>
<context>
    <name>GraphDialog</name>
    <message>
        <source>Saved {n} prerequisite links for {subject}.</source>
        <translation>已为{subject}保存 {n} 条前置关系。</translation>
    </message>
    <message>
        <source>The file holds no prerequisite links; nothing was changed.</source>
        <translation>文件中没有前置关系，未做任何更改。</translation>
    </message>
    <message>
        <source>The file was not imported; the graph is unchanged. Fix the errors below and import it again.</source>
        <translation>文件未导入，知识图谱保持不变。请改正下列错误后重新导入。</translation>
    </message>
    <message>
        <source>Knowledge graph: {subject}</source>
        <translation>知识图谱：{subject}</translation>
    </message>
    <message>
        <source>Arrows go from a prerequisite to the knowledge point that builds on it, in learning order from left to right. Each box shows the class mean mastery: red below the weak threshold ({threshold:.2f}), green above it. Learning paths follow this graph.</source>
        <translation>箭头从前置知识指向以它为基础的知识点，从左到右即学习顺序。每个方框显示全班平均掌握度：低于薄弱阈值（{threshold:.2f}）为红色，否则为绿色。学习路径按此图谱安排。</translation>
    </message>
    <message>
        <source>No prerequisites are stored for {subject} yet: import a table of knowledge_point, prerequisite pairs.</source>
        <translation>{subject}尚未保存前置关系：请导入一张“知识点, 前置知识”两列的表。</translation>
    </message>
    <message>
        <source>Import prerequisites…</source>
        <translation>导入前置关系…</translation>
    </message>
    <message>
        <source>Read a table of knowledge_point, prerequisite pairs (Excel or CSV) for this subject</source>
        <translation>读取本学科的知识点与前置知识对照表（Excel 或 CSV）</translation>
    </message>
    <message>
        <source>Close the knowledge graph</source>
        <translation>关闭知识图谱</translation>
    </message>
</context>
<context>
    <name>GroupPanel</name>
    <message>
        <source>Group {letter} ({n})</source>
        <translation>{letter}组（{n} 人）</translation>
    </message>
    <message>
        <source>No students: drag students here to fill this group.</source>
        <translation>暂无学生：把学生拖到这里加入本组。</translation>
    </message>
    <message>
        <source>Shared weak points: {points}. Mean mastery {mean:.2f}.</source>
        <translation>共同薄弱点：{points}。平均掌握度 {mean:.2f}。</translation>
    </message>
    <message>
        <source>No point most of them are weak on. Mean mastery {mean:.2f}.</source>
        <translation>没有多数人都薄弱的知识点。平均掌握度 {mean:.2f}。</translation>
    </message>
    <message>
        <source>Drag students onto another group, or right-click them to move them to another group</source>
        <translation>把学生拖到另一组，或右键点击学生将其移到另一组</translation>
    </message>
</context>
<context>
    <name>GroupsView</name>
    <message>
        <source>Run the diagnosis to group the students by their weak points.</source>
        <translation>运行诊断后即可按薄弱知识点给学生分组。</translation>
    </message>
    <message>
        <source>Students grouped by their pattern of weak points, A needing the most support. Drag a student onto another group (or right-click) to move them; Export prints one practice sheet per group as shown here.</source>
        <translation>按薄弱知识点的情况给学生分组，A组最需要帮助。把学生拖到另一组（或右键点击）即可调整；导出时按这里显示的分组，每组一份练习。</translation>
    </message>
    <message>
        <source>Groups:</source>
        <translation>分组数：</translation>
    </message>
    <message>
        <source>How many groups (2–4); changing it groups the students again</source>
        <translation>分几组（2–4 组）；更改后会重新分组</translation>
    </message>
    <message>
        <source>Group again</source>
        <translation>重新分组</translation>
    </message>
    <message>
        <source>Group the students again by weak points, forgetting the moves made</source>
        <translation>按薄弱知识点重新分组，放弃已做的调整</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Print these groups, one practice sheet each (PDF or Excel)</source>
        <translation>导出这些分组，每组一份练习（PDF 或 Excel）</translation>
    </message>
</context>
<context>
    <name>HeatMapModel</name>
    <message>
        <source>Student ID</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Weak</source>
        <translation>薄弱数</translation>
    </message>
    <message>
        <source>Number of weak knowledge points</source>
        <translation>薄弱知识点的个数</translation>
    </message>
    <message>
        <source>{name} · {kp}
mastery {m:.2f} (interval {lo:.2f}–{hi:.2f})
{n} scored questions · {status}</source>
        <translation>{name} · {kp}
掌握度 {m:.2f}（区间 {lo:.2f}–{hi:.2f}）
依据 {n} 道已评分题目 · {status}</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>User guide</source>
        <translation>使用说明</translation>
    </message>
    <message>
        <source>How to use Zhidian; the links jump to each part</source>
        <translation>知点的用法；点击链接跳到相应部分</translation>
    </message>
    <message>
        <source>Close the guide</source>
        <translation>关闭使用说明</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Student ID</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>题目</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Max score</source>
        <translation>满分</translation>
    </message>
    <message>
        <source>Knowledge points</source>
        <translation>知识点</translation>
    </message>
    <message>
        <source>Answer key</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>考试</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Total (ignored)</source>
        <translation>总分（忽略）</translation>
    </message>
    <message>
        <source>Rank (ignored)</source>
        <translation>排名（忽略）</translation>
    </message>
    <message>
        <source>Ignored</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was imported.</source>
        <translation>已取消导入，未导入任何内容。</translation>
    </message>
    <message>
        <source>If these are the same students, click “Match students by name”.</source>
        <translation>如果是同一批学生，请点击“按姓名匹配”。</translation>
    </message>
    <message>
        <source>Import a gradebook</source>
        <translation>导入成绩表</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Match students by name</source>
        <translation>按姓名匹配</translation>
    </message>
    <message>
        <source>Go on to the next step</source>
        <translation>进入下一步</translation>
    </message>
    <message>
        <source>Go back to the previous step</source>
        <translation>返回上一步</translation>
    </message>
    <message>
        <source>Import the scores: all of them or, on any error, none</source>
        <translation>导入成绩：要么全部导入，出错则一条也不导入</translation>
    </message>
    <message>
        <source>Close without importing (stops an import still running)</source>
        <translation>关闭，不导入（正在进行的导入会停止）</translation>
    </message>
    <message>
        <source>Import again, taking students with the same names as the class&apos;s students</source>
        <translation>重新导入，把姓名相同的学生视为本班的同一学生</translation>
    </message>
</context>
<context>
    <name>ItemAnalysisModel</name>
    <message>
        <source>Score rate of the top 27% of students minus that of the bottom 27%; below 0.2 (⚠) the question separates them poorly.</source>
        <translation>前 27% 学生的得分率减去后 27% 学生的得分率；低于 0.2（⚠）说明该题难以区分学生的水平。</translation>
    </message>
    <message>
        <source>Choice questions: each answer given and how many students gave it, most chosen first; ✓ marks the key.</source>
        <translation>选择题：每个答案及选择人数，人数多的在前；✓ 为正确答案。</translation>
    </message>
    <message>
        <source>Low discrimination: check the question and its key.</source>
        <translation>区分度低：请检查题目及其答案。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Opening the store…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <source>Today&apos;s backup of the store was made: {path}</source>
        <translation>今天的数据库备份已完成：{path}</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>Loading {cls}…</source>
        <translation>正在读取{cls}…</translation>
    </message>
    <message>
        <source>Reading the store…</source>
        <translation>正在读取数据库…</translation>
    </message>
    <message>
        <source>The class could not be shown.</source>
        <translation>无法显示这个班级。</translation>
    </message>
    <message>
        <source>Thresholds: weak below {weak:.2f}, mastered from {mastered:.2f}.</source>
        <translation>阈值：低于 {weak:.2f} 为薄弱，{mastered:.2f} 及以上为已掌握。</translation>
    </message>
    <message>
        <source>not open</source>
        <translation>未打开</translation>
    </message>
    <message>
        <source>Data: {path}</source>
        <translation>数据：{path}</translation>
    </message>
    <message>
        <source>backed up {when}</source>
        <translation>{when} 已备份</translation>
    </message>
    <message>
        <source>Last backup: {path}</source>
        <translation>最近的备份：{path}</translation>
    </message>
    <message>
        <source>not backed up yet</source>
        <translation>尚未备份</translation>
    </message>
    <message>
        <source>No backup yet: File → Back up now makes one.</source>
        <translation>还没有备份：可用“文件 → 立即备份”备份一份。</translation>
    </message>
    <message>
        <source>Data: {path} · {backup}</source>
        <translation>数据：{path} · {backup}</translation>
    </message>
    <message>
        <source>The store: {path}</source>
        <translation>数据库：{path}</translation>
    </message>
    <message>
        <source>File → Open data folder shows them; File → Restore from backup puts one back.</source>
        <translation>“文件 → 打开数据文件夹”可查看它们；“文件 → 从备份恢复”可恢复一份备份。</translation>
    </message>
    <message>
        <source>Where diagnoses are computed: the graphics card when one helps, else the processor.</source>
        <translation>诊断在哪里计算：有合适的显卡时用显卡，否则用处理器。</translation>
    </message>
    <message>
        <source>Please wait: another task is running.</source>
        <translation>请稍候：另一项任务正在运行。</translation>
    </message>
    <message>
        <source>The store could not be opened.</source>
        <translation>无法打开数据库。</translation>
    </message>
    <message>
        <source>The diagnosis could not be completed.</source>
        <translation>诊断未能完成。</translation>
    </message>
    <message>
        <source>The gradebook could not be imported.</source>
        <translation>成绩表未能导入。</translation>
    </message>
    <message>
        <source>The export could not be made.</source>
        <translation>导出未能完成。</translation>
    </message>
    <message>
        <source>The prerequisites could not be imported.</source>
        <translation>前置关系未能导入。</translation>
    </message>
    <message>
        <source>Something went wrong.</source>
        <translation>出现了问题。</translation>
    </message>
    <message>
        <source>Diagnosis cancelled; nothing was saved.</source>
        <translation>诊断已取消，未保存任何结果。</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was imported.</source>
        <translation>导入已取消，未导入任何数据。</translation>
    </message>
    <message>
        <source>Loading the sample cancelled; nothing was imported.</source>
        <translation>已取消载入示例，未导入任何数据。</translation>
    </message>
    <message>
        <source>Export cancelled.</source>
        <translation>导出已取消。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>The store can only be read (see the banner): nothing can be imported.</source>
        <translation>数据库只能读取（见上方提示）：不能导入。</translation>
    </message>
    <message>
        <source>Import a gradebook</source>
        <translation>导入成绩表</translation>
    </message>
    <message>
        <source>Gradebooks (*.xlsx *.xlsm *.xls *.csv);;All files (*)</source>
        <translation>成绩表 (*.xlsx *.xlsm *.xls *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
    <message>
        <source>Loading the sample classes…</source>
        <translation>正在加载示例班级…</translation>
    </message>
    <message>
        <source>The sample could not be loaded.</source>
        <translation>无法加载示例。</translation>
    </message>
    <message>
        <source>Sample loaded: {classes}; showing {cls}.</source>
        <translation>示例已加载：{classes}；当前显示 {cls}。</translation>
    </message>
    <message>
        <source>The sample is already in the store.</source>
        <translation>示例已在数据库中。</translation>
    </message>
    <message>
        <source>and {n} more</source>
        <translation>等，另有 {n} 人</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>未导入任何内容。</translation>
    </message>
    <message>
        <source>Imported {students} students, {items} questions, {scores} scores into {cls}.</source>
        <translation>已向 {cls} 导入 {students} 名学生、{items} 道题、{scores} 个成绩。</translation>
    </message>
    <message>
        <source>{cls}: {n} new to the class (transferred in): {names}</source>
        <translation>{cls}：新转入 {n} 人：{names}</translation>
    </message>
    <message>
        <source>{cls}: {n} of the class&apos;s students have no scores in this file: {names}</source>
        <translation>{cls}：班上有 {n} 人本次无成绩（缺考或不在文件中）：{names}</translation>
    </message>
    <message>
        <source>Imported with {n} warnings:</source>
        <translation>导入完成，有 {n} 条警告：</translation>
    </message>
    <message>
        <source>and {n} more warnings</source>
        <translation>……另有 {n} 条警告</translation>
    </message>
    <message>
        <source>now: after {exam}</source>
        <translation>当前：{exam} 之后</translation>
    </message>
    <message>
        <source>after {exam}</source>
        <translation>{exam} 之后</translation>
    </message>
    <message>
        <source>all assessments</source>
        <translation>全部考试</translation>
    </message>
    <message>
        <source>{when} · {scope} · {device}</source>
        <translation>{when} · {scope} · {device}</translation>
    </message>
    <message>
        <source>not diagnosed yet</source>
        <translation>尚未诊断</translation>
    </message>
    <message>
        <source>Diagnosis: model {model}, {device}, {seconds:.1f} s</source>
        <translation>诊断：模型 {model}，{device}，用时 {seconds:.1f} 秒</translation>
    </message>
    <message>
        <source>; {n} questions started from an earlier grade&apos;s calibration of the paper</source>
        <translation>；{n} 道题从以往年级对同一试卷的标定出发</translation>
    </message>
    <message>
        <source>The questions of this class are not tagged with knowledge points yet: tag the exam&apos;s paper (knowledge points, full marks, answers) to diagnose it.</source>
        <translation>本班的题目还没有标注知识点：请标注试卷（知识点、满分、答案）后再诊断。</translation>
    </message>
    <message>
        <source>Tag the paper…</source>
        <translation>标注试卷…</translation>
    </message>
    <message>
        <source>This class has not been diagnosed yet.</source>
        <translation>本班尚未诊断。</translation>
    </message>
    <message>
        <source>Run diagnosis</source>
        <translation>运行诊断</translation>
    </message>
    <message>
        <source>The scores or the exam&apos;s paper changed since this diagnosis: it is out of date.</source>
        <translation>此次诊断之后成绩或试卷有变动：诊断已过时。</translation>
    </message>
    <message>
        <source>Re-run diagnosis</source>
        <translation>重新诊断</translation>
    </message>
    <message>
        <source>The class shown</source>
        <translation>当前显示的班级</translation>
    </message>
    <message>
        <source>The diagnosis shown: the newest over all exams, or an earlier one, or one exam alone</source>
        <translation>当前显示的诊断：基于全部考试的最新诊断、较早的诊断，或单次考试的诊断</translation>
    </message>
    <message>
        <source>Diagnose the class shown from all its exams, in the background (F5)</source>
        <translation>根据全部考试在后台诊断当前班级（F5）</translation>
    </message>
    <message>
        <source>Hide some of the class&apos;s scores and see how well the diagnosis predicts them (Ctrl+M)</source>
        <translation>隐藏本班部分成绩，看诊断能否准确预测它们（Ctrl+M）</translation>
    </message>
    <message>
        <source>讲评 (review)</source>
        <translation>讲评</translation>
    </message>
    <message>
        <source>分层 (groups)</source>
        <translation>分层</translation>
    </message>
    <message>
        <source>The class: weak points, heat map, questions, grade</source>
        <translation>全班：薄弱知识点、热力图、试题、年级对比</translation>
    </message>
    <message>
        <source>One student: mastery, learning path, progress</source>
        <translation>单个学生：掌握度、学习路径、进步情况</translation>
    </message>
    <message>
        <source>The questions to go over in class first</source>
        <translation>课堂上优先讲评的题目</translation>
    </message>
    <message>
        <source>Students in groups by their weak points</source>
        <translation>按薄弱知识点给学生分组</translation>
    </message>
    <message>
        <source>Diagnosing {cls}…</source>
        <translation>正在诊断 {cls}…</translation>
    </message>
    <message>
        <source>No other class sat {cls}&apos;s exams: diagnosed {cls} alone.</source>
        <translation>没有其他班级参加{cls}的考试：只诊断了{cls}。</translation>
    </message>
    <message>
        <source>Diagnosed {n} classes of the grade: {classes}.</source>
        <translation>已诊断年级中的 {n} 个班级：{classes}。</translation>
    </message>
    <message>
        <source>Diagnosing the grade of {cls}…</source>
        <translation>正在诊断 {cls} 所在的年级…</translation>
    </message>
    <message>
        <source>The grade&apos;s diagnosis could not be completed.</source>
        <translation>年级诊断未能完成。</translation>
    </message>
    <message>
        <source>Diagnosis of the grade cancelled; the classes diagnosed before were kept.</source>
        <translation>年级诊断已取消；此前已诊断完的班级已保存。</translation>
    </message>
    <message>
        <source>Nothing to diagnose yet: the questions test no knowledge point.</source>
        <translation>暂时无法诊断：题目还没有标注知识点。</translation>
    </message>
    <message>
        <source>Tag the exam&apos;s paper (knowledge points, full marks, answers) now?</source>
        <translation>现在标注这次考试的试卷（知识点、满分、答案）吗？</translation>
    </message>
    <message>
        <source>Diagnosis finished.</source>
        <translation>诊断完成。</translation>
    </message>
    <message>
        <source>Choose a folder: the files go into a new folder “{name}” inside it</source>
        <translation>选择一个文件夹：文件将放入其中新建的文件夹“{name}”</translation>
    </message>
    <message>
        <source>Exporting {what} of {cls}…</source>
        <translation>正在导出{cls}的{what}…</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n file(s) to {path}</source>
        <translation>
            <numerusform>已导出 %n 个文件到 {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>No font on this computer draws these characters; they show as boxes in the export: {chars}</source>
        <translation>本机没有能显示这些字符的字体，导出文件中它们会显示为方框：{chars}</translation>
    </message>
    <message>
        <source> (in the names of {students})</source>
        <translation>（在这些学生的姓名里：{students}）</translation>
    </message>
    <message>
        <source>Import prerequisites</source>
        <translation>导入前置关系</translation>
    </message>
    <message>
        <source>Tables (*.csv *.xlsx *.xlsm *.xls);;All files (*)</source>
        <translation>表格 (*.csv *.xlsx *.xlsm *.xls);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing prerequisites…</source>
        <translation>正在导入前置关系…</translation>
    </message>
    <message>
        <source>Prerequisites saved: learning paths follow them now.</source>
        <translation>前置关系已保存：学习路径现按其安排。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>The file no longer exists:
{path}</source>
        <translation>文件已不存在：
{path}</translation>
    </message>
    <message>
        <source>opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <source>detecting…</source>
        <translation>检测中…</translation>
    </message>
    <message>
        <source>Compute: {device}</source>
        <translation>计算设备：{device}</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Import gradebook…</source>
        <translation>导入成绩表(&amp;I)…</translation>
    </message>
    <message>
        <source>Open the &amp;sample classes</source>
        <translation>打开示例班级(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Recent files</source>
        <translation>最近的文件(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Undo last import</source>
        <translation>撤销上次导入(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Read an Excel or CSV gradebook: one class, or a whole grade&apos;s export</source>
        <translation>读取 Excel 或 CSV 成绩表：一个班级，或全年级的导出文件</translation>
    </message>
    <message>
        <source>Import e&amp;xam package…</source>
        <translation>导入考试包(&amp;X)…</translation>
    </message>
    <message>
        <source>A colleague&apos;s exam package: the paper and its tags on your exam, their scores as classes of their own</source>
        <translation>同事的考试包：试卷及其标注用于你的考试，其中的成绩作为单独的班级导入</translation>
    </message>
    <message>
        <source>Export exam &amp;package…</source>
        <translation>导出考试包(&amp;P)…</translation>
    </message>
    <message>
        <source>One file with an exam&apos;s paper, tags, keys and full marks (and the grade&apos;s scores, if you like) for colleagues</source>
        <translation>把一次考试的试卷、知识点、答案和满分（也可附全年级的成绩）写成一个文件，发给同事</translation>
    </message>
    <message>
        <source>Import four sample classes of a grade to try Zhidian out</source>
        <translation>导入同一年级的四个示例班级，试用知点</translation>
    </message>
    <message>
        <source>Take back the newest import (asks first; backs the store up first)</source>
        <translation>撤销最近一次导入（会先询问，并先备份数据库）</translation>
    </message>
    <message>
        <source>&amp;Manage classes and exams…</source>
        <translation>管理班级和考试(&amp;M)…</translation>
    </message>
    <message>
        <source>Rename or delete classes, delete an exam, undo any import, look at stored scores</source>
        <translation>重命名或删除班级、删除某次考试、撤销任意一次导入、查看保存的成绩</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <source>Restore from bac&amp;kup…</source>
        <translation>从备份恢复(&amp;K)…</translation>
    </message>
    <message>
        <source>List the backups with what each holds, and put one back (asks first)</source>
        <translation>列出各备份及其内容，并恢复其中一份（会先询问）</translation>
    </message>
    <message>
        <source>Open &amp;data folder</source>
        <translation>打开数据文件夹(&amp;D)</translation>
    </message>
    <message>
        <source>Show the folder holding the store, its backups and the settings</source>
        <translation>显示保存数据库、备份和设置的文件夹</translation>
    </message>
    <message>
        <source>C&amp;heck database…</source>
        <translation>检查数据库(&amp;H)…</translation>
    </message>
    <message>
        <source>Look for damage in the store and for rows pointing nowhere</source>
        <translation>检查数据库是否损坏，以及是否有指向不存在记录的数据</translation>
    </message>
    <message>
        <source>&amp;Knowledge graph…</source>
        <translation>知识图谱(&amp;K)…</translation>
    </message>
    <message>
        <source>The knowledge points with their prerequisites, coloured by mastery</source>
        <translation>各知识点及其前置知识，按掌握度着色</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Diagnose the &amp;grade</source>
        <translation>诊断整个年级(&amp;G)</translation>
    </message>
    <message>
        <source>Diagnose every class that sat the shown class&apos;s exams, one after another, in the background</source>
        <translation>在后台依次诊断与当前班级参加同样考试的所有班级</translation>
    </message>
    <message>
        <source>Version and what Zhidian is</source>
        <translation>版本和知点简介</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <source>Close Zhidian</source>
        <translation>关闭知点</translation>
    </message>
    <message>
        <source>Run &amp;diagnosis</source>
        <translation>运行诊断(&amp;D)</translation>
    </message>
    <message>
        <source>Diagnose the class shown from all its exams, in the background</source>
        <translation>根据全部考试在后台诊断当前班级</translation>
    </message>
    <message>
        <source>&amp;Cancel running task</source>
        <translation>取消正在运行的任务(&amp;C)</translation>
    </message>
    <message>
        <source>Stop the task running now; nothing half-done is saved</source>
        <translation>停止正在运行的任务；不会保存做了一半的结果</translation>
    </message>
    <message>
        <source>Check the &amp;model…</source>
        <translation>检验模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Hide some of the class&apos;s scores and see how well the diagnosis predicts them</source>
        <translation>隐藏本班部分成绩，看诊断能否准确预测它们</translation>
    </message>
    <message>
        <source>Edit the exam&apos;s &amp;paper (knowledge points, full marks, answers)…</source>
        <translation>编辑试卷（知识点、满分、答案）(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Tag the questions of an exam: knowledge points, full marks, answer key</source>
        <translation>标注一次考试的题目：知识点、满分、答案</translation>
    </message>
    <message>
        <source>&amp;Stored scores of this class…</source>
        <translation>查看本班成绩(&amp;S)…</translation>
    </message>
    <message>
        <source>Show an exam&apos;s scores as stored and correct a mistyped one</source>
        <translation>显示某次考试保存的成绩，并更正录错的成绩</translation>
    </message>
    <message>
        <source>&amp;Class view</source>
        <translation>班级视图(&amp;C)</translation>
    </message>
    <message>
        <source>Weak knowledge points, heat map and item analysis of the class</source>
        <translation>本班的薄弱知识点、热力图和小题分析</translation>
    </message>
    <message>
        <source>&amp;Student view</source>
        <translation>学生视图(&amp;S)</translation>
    </message>
    <message>
        <source>One student&apos;s mastery, learning path and progress</source>
        <translation>一位学生的掌握度、学习路径和进步情况</translation>
    </message>
    <message>
        <source>&amp;Next student</source>
        <translation>下一个学生(&amp;N)</translation>
    </message>
    <message>
        <source>Show the next student in the student view</source>
        <translation>在学生视图中显示下一位学生</translation>
    </message>
    <message>
        <source>&amp;Previous student</source>
        <translation>上一个学生(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Show the previous student in the student view</source>
        <translation>在学生视图中显示上一位学生</translation>
    </message>
    <message>
        <source>&amp;Thresholds…</source>
        <translation>阈值(&amp;T)…</translation>
    </message>
    <message>
        <source>Where mastery counts as weak and as mastered, in every view and export</source>
        <translation>掌握度低于多少算薄弱、多少以上算已掌握，对所有视图和导出生效</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Use the language of the computer</source>
        <translation>使用电脑的语言</translation>
    </message>
    <message>
        <source>Show Zhidian in Chinese</source>
        <translation>以中文显示知点</translation>
    </message>
    <message>
        <source>Show Zhidian in English</source>
        <translation>以英文显示知点</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>使用说明(&amp;U)</translation>
    </message>
    <message>
        <source>A short guide: import, diagnose, read the views, export, back up</source>
        <translation>简短的使用说明：导入、诊断、看懂视图、导出、备份</translation>
    </message>
    <message>
        <source>&amp;About Zhidian</source>
        <translation>关于知点(&amp;A)</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>班级：</translation>
    </message>
    <message>
        <source>Diagnosis:</source>
        <translation>诊断：</translation>
    </message>
    <message>
        <source>Check the model…</source>
        <translation>检验模型…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>The store can only be read (see the banner): no paper can be changed.</source>
        <translation>数据库只能读取（见上方提示）：不能修改试卷。</translation>
    </message>
    <message>
        <source>A task is still running. Stop it and quit?</source>
        <translation>仍有任务在运行。停止它并退出吗？</translation>
    </message>
    <message>
        <source>Saving the paper of {exam}…</source>
        <translation>正在保存“{exam}”的试卷…</translation>
    </message>
    <message>
        <source>The paper could not be saved.</source>
        <translation>无法保存试卷。</translation>
    </message>
    <message>
        <source>Saving the paper cancelled; nothing changed.</source>
        <translation>已取消保存试卷，未做任何更改。</translation>
    </message>
    <message>
        <source>Saved the paper of {exam}: {questions} questions tagged in {classes}; {rescored} choice answers scored.</source>
        <translation>已保存“{exam}”的试卷：{classes} 的 {questions} 道题已标注；{rescored} 个选择题作答已按答案计分。</translation>
    </message>
    <message>
        <source>Zhidian cannot start.</source>
        <translation>知点无法启动。</translation>
    </message>
    <message>
        <source>Zhidian on the computer “{host}” has these data open (or was not closed properly there):
{path}

Open them here anyway? Only do so if Zhidian is closed on that computer.</source>
        <translation>电脑“{host}”上的知点正打开这些数据（或在那里没有正常关闭）：
{path}

仍要在这里打开吗？请确认那台电脑上的知点已经关闭。</translation>
    </message>
    <message>
        <source>Zhidian is already running with these data:
{path}

Switch to its window (on the taskbar). A second window on the same data is not opened.</source>
        <translation>知点已经在运行，并打开了这些数据：
{path}

请切换到它的窗口（在任务栏上）。同一份数据不会再打开第二个窗口。</translation>
    </message>
    <message>
        <source>Backed up first to {path}</source>
        <translation>操作前已备份到 {path}</translation>
    </message>
    <message>
        <source>Rename class</source>
        <translation>重命名班级</translation>
    </message>
    <message>
        <source>New name of the class “{cls}”:</source>
        <translation>班级“{cls}”的新名称：</translation>
    </message>
    <message>
        <source>Renamed “{old}” to “{new}”.</source>
        <translation>已将“{old}”重命名为“{new}”。</translation>
    </message>
    <message>
        <source>Renaming {cls}…</source>
        <translation>正在重命名{cls}…</translation>
    </message>
    <message>
        <source>The class could not be renamed.</source>
        <translation>无法重命名这个班级。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Delete the class “{cls}”?

These go: its {students} students, its exams ({exams}) with their {scores} scores, and every diagnosis of the class. Other classes stay as they are.

The store is backed up first (File → Restore from backup brings the class back).</source>
        <translation>删除班级“{cls}”吗？

将删除：它的 {students} 名学生、它的考试（{exams}）及其 {scores} 个成绩，以及本班的所有诊断。其他班级保持不变。

删除前会先备份数据库（用“文件 → 从备份恢复”可找回这个班级）。</translation>
    </message>
    <message>
        <source>Delete class</source>
        <translation>删除班级</translation>
    </message>
    <message>
        <source>Deleting {cls}…</source>
        <translation>正在删除{cls}…</translation>
    </message>
    <message>
        <source>The class could not be deleted.</source>
        <translation>无法删除这个班级。</translation>
    </message>
    <message>
        <source>Delete the exam “{exam}” of {cls}?

These go: its questions, the class&apos;s scores on it, and the diagnoses that used it. The class&apos;s other exams stay.</source>
        <translation>删除{cls}的考试“{exam}”吗？

将删除：这次考试的题目、本班在这次考试中的成绩，以及用到它的诊断。本班的其他考试保留。</translation>
    </message>
    <message>
        <source>It is the class&apos;s only exam: the class goes with it.</source>
        <translation>这是本班唯一的考试：班级也会一并删除。</translation>
    </message>
    <message>
        <source>The store is backed up first.</source>
        <translation>操作前会先备份数据库。</translation>
    </message>
    <message>
        <source>Delete exam</source>
        <translation>删除考试</translation>
    </message>
    <message>
        <source>Deleting {exam}…</source>
        <translation>正在删除{exam}…</translation>
    </message>
    <message>
        <source>The exam could not be deleted.</source>
        <translation>无法删除这次考试。</translation>
    </message>
    <message>
        <source>Deleted the class “{cls}” ({exams}: {scores} scores, {runs} diagnoses).</source>
        <translation>已删除班级“{cls}”（{exams}：{scores} 个成绩，{runs} 次诊断）。</translation>
    </message>
    <message>
        <source>Deleted {exams} of “{cls}” ({scores} scores, {runs} diagnoses).</source>
        <translation>已删除“{cls}”的{exams}（{scores} 个成绩，{runs} 次诊断）。</translation>
    </message>
    <message>
        <source>Reading the import…</source>
        <translation>正在读取这次导入…</translation>
    </message>
    <message>
        <source>The import could not be read.</source>
        <translation>无法读取这次导入。</translation>
    </message>
    <message>
        <source>The store holds no import to undo.</source>
        <translation>数据库里没有可以撤销的导入。</translation>
    </message>
    <message>
        <source>Undo the import of “{source}” ({when})?

These go: the exams {exams} of {classes}, with {scores} scores, the students only this file brought, and the diagnoses that used them.</source>
        <translation>撤销“{source}”的导入（{when}）吗？

将删除：{classes}的考试 {exams} 及其 {scores} 个成绩、只由这个文件带来的学生，以及用到它们的诊断。</translation>
    </message>
    <message>
        <source>The file held {n} classes; they are undone together.</source>
        <translation>这个文件包含 {n} 个班级，它们会一起撤销。</translation>
    </message>
    <message>
        <source>Undo import</source>
        <translation>撤销导入</translation>
    </message>
    <message>
        <source>Undoing the import of {source}…</source>
        <translation>正在撤销{source}的导入…</translation>
    </message>
    <message>
        <source>The import could not be undone.</source>
        <translation>无法撤销这次导入。</translation>
    </message>
    <message>
        <source>Undid the import of “{source}” ({classes}).</source>
        <translation>已撤销“{source}”的导入（{classes}）。</translation>
    </message>
    <message>
        <source>Reading the scores of {exam}…</source>
        <translation>正在读取{exam}的成绩…</translation>
    </message>
    <message>
        <source>The scores could not be read.</source>
        <translation>无法读取成绩。</translation>
    </message>
    <message>
        <source>Saving the correction…</source>
        <translation>正在保存更正…</translation>
    </message>
    <message>
        <source>The score could not be corrected.</source>
        <translation>无法更正这个成绩。</translation>
    </message>
    <message>
        <source>Corrected {student}&apos;s score on question {question} of {exam}: {old} → {new}.</source>
        <translation>已更正 {student} 在{exam}第 {question} 题的得分：{old} → {new}。</translation>
    </message>
    <message>
        <source>Backing up the store…</source>
        <translation>正在备份数据库…</translation>
    </message>
    <message>
        <source>The store could not be backed up.</source>
        <translation>无法备份数据库。</translation>
    </message>
    <message>
        <source>Backed up to {path}</source>
        <translation>已备份到 {path}</translation>
    </message>
    <message>
        <source>The data folder is:
{path}</source>
        <translation>数据文件夹位于：
{path}</translation>
    </message>
    <message>
        <source>Reading the backups…</source>
        <translation>正在读取备份…</translation>
    </message>
    <message>
        <source>The backups could not be read.</source>
        <translation>无法读取备份。</translation>
    </message>
    <message>
        <source>Restore the backup made {when} ({why})?

The store then holds what the backup holds: {holds}

What the store holds now ({classes}) is backed up first, so you can go back to it from this list.</source>
        <translation>恢复 {when} 的备份（{why}）吗？

恢复后数据库的内容将与备份相同：{holds}

恢复前会先备份当前数据库的内容（{classes}），之后可以从这个列表恢复回来。</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>正在恢复备份…</translation>
    </message>
    <message>
        <source>The backup could not be restored; the store is as it was.</source>
        <translation>无法恢复这个备份；数据库保持原样。</translation>
    </message>
    <message>
        <source>Restored the backup of {when}; nothing of the store was left to keep.</source>
        <translation>已恢复 {when} 的备份；原数据库已不存在，没有需要保留的内容。</translation>
    </message>
    <message>
        <source>Restored the backup of {when}; the damaged store was copied as it was to {path}</source>
        <translation>已恢复 {when} 的备份；损坏的数据库已原样复制到 {path}</translation>
    </message>
    <message>
        <source>Restored the backup of {when}; the store as it was is backed up to {path}</source>
        <translation>已恢复 {when} 的备份；恢复前的数据库已备份到 {path}</translation>
    </message>
    <message>
        <source>Checking the store…</source>
        <translation>正在检查数据库…</translation>
    </message>
    <message>
        <source>The store could not be checked.</source>
        <translation>无法检查数据库。</translation>
    </message>
    <message>
        <source>The store has a problem ({problem}):
{path}

It can only be read here, so it can be neither restored nor repaired: do that where it can be written.</source>
        <translation>数据库有问题（{problem}）：
{path}

这里只能读取它，所以不能恢复也不能修复：请在能写入它的地方操作。</translation>
    </message>
    <message>
        <source>The store is sound: SQLite&apos;s integrity check and the references between its rows found nothing wrong.
{path}</source>
        <translation>数据库完好：SQLite 完整性检查和数据之间的引用检查都没有发现问题。
{path}</translation>
    </message>
    <message>
        <source>The store is damaged ({problem}):
{path}

Restore a backup to get your data back.</source>
        <translation>数据库已损坏（{problem}）：
{path}

请恢复一个备份来找回数据。</translation>
    </message>
    <message>
        <source>Show the backups…</source>
        <translation>查看备份…</translation>
    </message>
    <message>
        <source>{rows} rows of the store point at records that no longer exist (tables: {tables}). They are left-overs, not scores of any class shown.

Remove them? The store is backed up first.</source>
        <translation>数据库中有 {rows} 行数据指向已不存在的记录（表：{tables}）。它们是残留数据，不属于任何显示的班级。

删除它们吗？删除前会先备份数据库。</translation>
    </message>
    <message>
        <source>Remove them</source>
        <translation>删除它们</translation>
    </message>
    <message>
        <source>Repairing the store…</source>
        <translation>正在修复数据库…</translation>
    </message>
    <message>
        <source>The store could not be repaired.</source>
        <translation>无法修复数据库。</translation>
    </message>
    <message>
        <source>Removed {rows} rows; the store before the repair is backed up to {path}</source>
        <translation>已删除 {rows} 行；修复前的数据库已备份到 {path}</translation>
    </message>
    <message>
        <source>Restore a backup…</source>
        <translation>恢复备份…</translation>
    </message>
    <message>
        <source>Restore the newest backup…</source>
        <translation>恢复最新的备份…</translation>
    </message>
    <message>
        <source>Repair and open</source>
        <translation>修复并打开</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Open data folder</source>
        <translation>打开数据文件夹</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Restore a backup: Zhidian backs the store up every day and before every change.</source>
        <translation>请恢复一个备份：知点每天以及每次修改前都会备份数据库。</translation>
    </message>
    <message>
        <source>Repair removes the rows that stopped the upgrade (after a backup) and opens the store; or restore a backup.</source>
        <translation>“修复”会（先备份再）删除导致升级失败的数据行并打开数据库；也可以恢复一个备份。</translation>
    </message>
    <message>
        <source>Another Zhidian is saving to this store: wait a moment and try again.</source>
        <translation>另一个知点正在保存这个数据库：请稍等片刻再重试。</translation>
    </message>
    <message>
        <source>Copy the data folder somewhere you may write (or start Zhidian with --data-dir).</source>
        <translation>请把数据文件夹复制到有写入权限的位置（或用 --data-dir 启动知点）。</translation>
    </message>
    <message>
        <source>Free some space on the disk, then try again.</source>
        <translation>请腾出一些磁盘空间后重试。</translation>
    </message>
    <message>
        <source>Install the newer Zhidian that wrote this store, or restore a backup.</source>
        <translation>请安装写入这个数据库的更新版本知点，或恢复一个备份。</translation>
    </message>
    <message>
        <source>Choose another store file (--db), or restore a backup.</source>
        <translation>请选择另一个数据库文件（--db），或恢复一个备份。</translation>
    </message>
    <message>
        <source>Restore a backup, or open the data folder to look.</source>
        <translation>请恢复一个备份，或打开数据文件夹查看。</translation>
    </message>
    <message>
        <source>Exam packages (*{suffix});;All files (*)</source>
        <translation>考试包 (*{suffix});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Writing the exam package of {exam}…</source>
        <translation>正在写入“{exam}”的考试包…</translation>
    </message>
    <message>
        <source>The exam package could not be written.</source>
        <translation>无法写入考试包。</translation>
    </message>
    <message>
        <source>Exam package written: {path}</source>
        <translation>考试包已写入：{path}</translation>
    </message>
    <message>
        <source>Import an exam package</source>
        <translation>导入考试包</translation>
    </message>
    <message>
        <source>Reading the exam package {file}…</source>
        <translation>正在读取考试包 {file}…</translation>
    </message>
    <message>
        <source>The exam package cannot be imported.</source>
        <translation>这个考试包无法导入。</translation>
    </message>
    <message>
        <source>Importing the exam package {file}…</source>
        <translation>正在导入考试包 {file}…</translation>
    </message>
    <message>
        <source>The exam package could not be imported.</source>
        <translation>无法导入考试包。</translation>
    </message>
    <message>
        <source>Exam package imported: {tagged}, {classes}.</source>
        <translation>考试包已导入：{tagged}，{classes}。</translation>
    </message>
    <message numerus="yes">
        <source>%n exam(s) tagged</source>
        <translation>
            <numerusform>标注了 %n 次考试</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the scores of %n class(es)</source>
        <translation>
            <numerusform>导入了 %n 个班的成绩</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading the students of {cls}…</source>
        <translation>正在读取{cls}的学生…</translation>
    </message>
    <message>
        <source>The students could not be read.</source>
        <translation>无法读取学生名单。</translation>
    </message>
    <message>
        <source>Merge {a} and {b} of {cls} into one student?

Their scores join under the number kept; nothing is lost, and Undo merge takes it back. A merge of two students who both sat one exam is refused.

The store is backed up first.</source>
        <translation>把{cls}的{a}和{b}合并为同一个学生吗？

两人的成绩归到保留的学号下，不会丢失任何数据，“撤销合并”可以还原。两人都参加过同一场考试时不能合并。

合并前会先备份数据库。</translation>
    </message>
    <message>
        <source>Keep {who}</source>
        <translation>保留{who}</translation>
    </message>
    <message>
        <source>Merged {merged} into {kept} ({scores} scores moved).</source>
        <translation>已把 {merged} 合并到 {kept}（移动了 {scores} 个成绩）。</translation>
    </message>
    <message>
        <source>Merging the two students…</source>
        <translation>正在合并两个学生…</translation>
    </message>
    <message>
        <source>The students could not be merged.</source>
        <translation>无法合并这两个学生。</translation>
    </message>
    <message>
        <source>Undo the merge of {merged} into {kept}?

{merged} gets its {scores} scores back.</source>
        <translation>撤销把 {merged} 合并到 {kept} 吗？

{merged} 将取回它的 {scores} 个成绩。</translation>
    </message>
    <message>
        <source>Undo merge</source>
        <translation>撤销合并</translation>
    </message>
    <message>
        <source>Undid the merge: {merged} is a student of its own again.</source>
        <translation>已撤销合并：{merged} 重新成为单独的学生。</translation>
    </message>
    <message>
        <source>Undoing the merge…</source>
        <translation>正在撤销合并…</translation>
    </message>
    <message>
        <source>The merge could not be undone.</source>
        <translation>无法撤销合并。</translation>
    </message>
    <message>
        <source>Left the class (转出)</source>
        <translation>转出</translation>
    </message>
    <message>
        <source>The day {who} left {cls}: from then on they are no longer in the class&apos;s figures, plans and groups.</source>
        <translation>{who}转出{cls}的日期：从这天起，该生不再计入班级统计、练习计划和分层分组。</translation>
    </message>
    <message>
        <source>Joined the class (转入)</source>
        <translation>转入</translation>
    </message>
    <message>
        <source>The day {who} joined {cls}: the class&apos;s exams before it do not count them.</source>
        <translation>{who}转入{cls}的日期：这天之前的考试不计入该生。</translation>
    </message>
    <message>
        <source>{who} left {cls} on {day} (转出).</source>
        <translation>{who}已于 {day} 转出{cls}。</translation>
    </message>
    <message>
        <source>{who} joined {cls} on {day} (转入).</source>
        <translation>{who}已于 {day} 转入{cls}。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>The date could not be saved.</source>
        <translation>无法保存日期。</translation>
    </message>
    <message>
        <source>{who} has no 转入 or 转出 date any more.</source>
        <translation>{who}已不再有转入或转出日期。</translation>
    </message>
    <message>
        <source>Exam date</source>
        <translation>考试日期</translation>
    </message>
    <message>
        <source>The date {cls} sat “{exam}”: every list of exams is in date order.</source>
        <translation>{cls}参加“{exam}”的日期：所有考试列表都按日期排列。</translation>
    </message>
    <message>
        <source>Not known (listed by the day it was imported)</source>
        <translation>不知道（按导入日期排列）</translation>
    </message>
    <message>
        <source>“{exam}” of {cls} is dated {day}.</source>
        <translation>{cls}的“{exam}”日期已设为 {day}。</translation>
    </message>
    <message>
        <source>“{exam}” of {cls} has no date now.</source>
        <translation>{cls}的“{exam}”现在没有日期。</translation>
    </message>
</context>
<context>
    <name>ManageDialog</name>
    <message>
        <source>Manage classes and exams</source>
        <translation>管理班级和考试</translation>
    </message>
    <message>
        <source>Classes and exams</source>
        <translation>班级和考试</translation>
    </message>
    <message>
        <source>Imports</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>A class&apos;s students over the term: merge two records of one student, 转入 and 转出</source>
        <translation>班级整个学期的学生：合并同一个学生的两条记录，转入和转出</translation>
    </message>
    <message>
        <source>Rename or delete a class, delete one exam, look at an exam&apos;s scores</source>
        <translation>重命名或删除班级、删除某次考试、查看某次考试的成绩</translation>
    </message>
    <message>
        <source>Every import still in the store; any of them can be undone</source>
        <translation>数据库中的每一次导入；任意一次都可以撤销</translation>
    </message>
    <message>
        <source>Class / exam</source>
        <translation>班级 / 考试</translation>
    </message>
    <message>
        <source>Students</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>no date</source>
        <translation>无日期</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>题目</translation>
    </message>
    <message>
        <source>Changed / exam date</source>
        <translation>修改时间 / 考试日期</translation>
    </message>
    <message>
        <source>Choose a class to rename or delete it, or one of its exams</source>
        <translation>选择一个班级来重命名或删除它，或选择它的某次考试</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Exams</source>
        <translation>考试</translation>
    </message>
    <message>
        <source>Choose an import to undo it</source>
        <translation>选择一次导入来撤销它</translation>
    </message>
    <message>
        <source>Rename class…</source>
        <translation>重命名班级…</translation>
    </message>
    <message>
        <source>Give the chosen class another name (nothing else changes)</source>
        <translation>给选中的班级换个名称（其他不变）</translation>
    </message>
    <message>
        <source>Delete class…</source>
        <translation>删除班级…</translation>
    </message>
    <message>
        <source>Remove the chosen class with its students, exams, scores and diagnoses (asks first; backs up first)</source>
        <translation>删除选中的班级及其学生、考试、成绩和诊断（会先询问，并先备份）</translation>
    </message>
    <message>
        <source>Stored scores…</source>
        <translation>查看成绩…</translation>
    </message>
    <message>
        <source>Show the chosen exam&apos;s scores as stored, and correct a mistyped one (or double-click the exam)</source>
        <translation>显示选中考试保存的成绩，并可更正录错的成绩（也可双击这次考试）</translation>
    </message>
    <message>
        <source>Exam date…</source>
        <translation>考试日期…</translation>
    </message>
    <message>
        <source>Set the chosen exam&apos;s date: every list of exams is in date order</source>
        <translation>设置所选考试的日期：所有考试列表都按日期排列</translation>
    </message>
    <message>
        <source>Delete exam…</source>
        <translation>删除考试…</translation>
    </message>
    <message>
        <source>Remove the chosen exam of this class with its scores and the diagnoses that used it (asks first)</source>
        <translation>删除本班选中的考试及其成绩和用到它的诊断（会先询问）</translation>
    </message>
    <message>
        <source>Undo import…</source>
        <translation>撤销导入…</translation>
    </message>
    <message>
        <source>Take back exactly what the chosen import brought; a grade file&apos;s classes go together (asks first)</source>
        <translation>只撤回选中的导入带来的内容；同一全年级文件的各班级一起撤销（会先询问）</translation>
    </message>
    <message>
        <source>Undoing an import removes what it brought: its exams, their scores, the students only it had, and the diagnoses that used them. The store is backed up first.</source>
        <translation>撤销导入会删除它带来的内容：它的考试及成绩、只由它带来的学生，以及用到它们的诊断。撤销前会先备份数据库。</translation>
    </message>
    <message>
        <source>Close this window</source>
        <translation>关闭这个窗口</translation>
    </message>
</context>
<context>
    <name>MemberList</name>
    <message>
        <source>Move to group {letter}</source>
        <translation>移到{letter}组</translation>
    </message>
</context>
<context>
    <name>PackageExportDialog</name>
    <message>
        <source>Reading which classes sat this exam…</source>
        <translation>正在查找参加这次考试的班级…</translation>
    </message>
    <message numerus="yes">
        <source>The scores of %n class(es) go with it: {classes}.</source>
        <translation>
            <numerusform>将附上 %n 个班的成绩：{classes}。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n class(es) in this store sat this exam: {classes}.</source>
        <translation>
            <numerusform>数据库中有 %n 个班参加了这次考试：{classes}。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export exam package: {cls}</source>
        <translation>导出考试包：{cls}</translation>
    </message>
    <message>
        <source>Exam:</source>
        <translation>考试：</translation>
    </message>
    <message>
        <source>The exam whose paper the package holds</source>
        <translation>考试包中放入哪次考试的试卷</translation>
    </message>
    <message>
        <source>The package is one file holding the exam&apos;s paper: its questions, full marks, answer keys and knowledge points, with the knowledge graph. A colleague imports it with File → Import exam package…, and the whole 备课组 shares one tagging without a server.</source>
        <translation>考试包是一个文件，包含这次考试的试卷：各题的满分、答案和知识点，以及知识点前置关系。同事用“文件 → 导入考试包…”导入后，整个备课组无需服务器就能共用同一份标注。</translation>
    </message>
    <message>
        <source>With the scores of the classes that sat it</source>
        <translation>附上参加这次考试的各班成绩</translation>
    </message>
    <message>
        <source>Colleagues then compare their classes with the grade, and the diagnosis calibrates on it</source>
        <translation>同事可以把自己的班级与年级比较，诊断也能参照全年级校准</translation>
    </message>
    <message>
        <source>Anonymise the scores</source>
        <translation>成绩化名</translation>
    </message>
    <message>
        <source>Pseudonyms in place of names, and no 学号</source>
        <translation>用化名代替姓名，不含学号</translation>
    </message>
    <message>
        <source>Names become pseudonyms and 学号 are left out, as 未成年人学校保护规定 asks for student information that leaves the school.</source>
        <translation>姓名换成化名，学号不导出：按《未成年人学校保护规定》，离开学校的学生信息应当如此。</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Choose where to save, then write the package in the background</source>
        <translation>选择保存位置，然后在后台写入考试包</translation>
    </message>
    <message>
        <source>Close without exporting</source>
        <translation>关闭，不导出</translation>
    </message>
</context>
<context>
    <name>PackageImportDialog</name>
    <message>
        <source>Import exam package: {file}</source>
        <translation>导入考试包：{file}</translation>
    </message>
    <message>
        <source>Put its paper on:</source>
        <translation>试卷用于：</translation>
    </message>
    <message>
        <source>The exams it matches (by name, else by date)</source>
        <translation>与它相符的考试（按名称，否则按日期）</translation>
    </message>
    <message>
        <source>No exam now: keep the paper for a later import</source>
        <translation>暂不标注考试：保存试卷，供以后导入时使用</translation>
    </message>
    <message>
        <source>Which of your exams take the package&apos;s knowledge points, full marks and answer keys</source>
        <translation>你的哪些考试采用考试包中的知识点、满分和答案</translation>
    </message>
    <message>
        <source>The store is backed up first. The package&apos;s scores come in as classes of their own (Undo last import takes them back); your own classes and students are never changed.</source>
        <translation>导入前会先备份数据库。考试包中的成绩作为单独的班级导入（“撤销上次导入”可以撤回）；你自己的班级和学生不会被改动。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Import the package in the background</source>
        <translation>在后台导入考试包</translation>
    </message>
    <message>
        <source>Close without importing</source>
        <translation>关闭，不导入</translation>
    </message>
</context>
<context>
    <name>PaperDialog</name>
    <message>
        <source>{exam} has no paper yet: the table shows its questions as imported. Save stores it as the exam&apos;s paper for every class that took it.</source>
        <translation>“{exam}”还没有试卷：表中是导入时的题目。保存后，它将作为这次考试的试卷，用于参加这次考试的所有班级。</translation>
    </message>
    <message>
        <source>Saving changes the paper of {exam} for every class that took it; their diagnoses become out of date.</source>
        <translation>保存会修改“{exam}”的试卷，参加这次考试的所有班级都随之更新，它们的诊断将过时。</translation>
    </message>
    <message>
        <source>The exam&apos;s paper: {cls}</source>
        <translation>考试的试卷：{cls}</translation>
    </message>
    <message>
        <source>Exam:</source>
        <translation>考试：</translation>
    </message>
    <message>
        <source>The exam whose paper is shown</source>
        <translation>显示哪次考试的试卷</translation>
    </message>
    <message>
        <source>Save the paper for every class that took this exam</source>
        <translation>为参加这次考试的每个班级保存试卷</translation>
    </message>
    <message>
        <source>Close without saving</source>
        <translation>关闭，不保存</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新读取</translation>
    </message>
    <message>
        <source>Show the paper as now stored, with the other teacher&apos;s change (your edit here is discarded)</source>
        <translation>显示现在保存的试卷，包括另一位老师的修改（这里你的改动会被丢弃）</translation>
    </message>
</context>
<context>
    <name>PaperEditor</name>
    <message>
        <source>Not in “{source}”: {questions}</source>
        <translation>“{source}”中没有：{questions}</translation>
    </message>
    <message>
        <source>Only in “{source}”, not in this exam: {questions}</source>
        <translation>只在“{source}”中、本次考试没有：{questions}</translation>
    </message>
    <message>
        <source>Import a 双向细目表</source>
        <translation>导入双向细目表</translation>
    </message>
    <message>
        <source>Tables and Word documents (*.xlsx *.xlsm *.xls *.csv *.docx);;All files (*)</source>
        <translation>表格和 Word 文档 (*.xlsx *.xlsm *.xls *.csv *.docx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>paper</source>
        <translation>试卷</translation>
    </message>
    <message>
        <source>Export as 双向细目表</source>
        <translation>导出为双向细目表</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>试卷</translation>
    </message>
    <message>
        <source>Copy from a stored paper…</source>
        <translation>从已存试卷复制…</translation>
    </message>
    <message>
        <source>Import a 双向细目表…</source>
        <translation>导入双向细目表…</translation>
    </message>
    <message>
        <source>Export as 双向细目表…</source>
        <translation>导出为双向细目表…</translation>
    </message>
    <message>
        <source>Take the knowledge points, full marks and answers of a paper already stored (another class&apos;s)</source>
        <translation>采用已保存试卷（例如其他班级的）的知识点、满分和答案</translation>
    </message>
    <message>
        <source>Read the exam&apos;s 双向细目表 (题号, 分值, 知识点, 答案) into the table</source>
        <translation>把这次考试的双向细目表（题号、分值、知识点、答案）读入表格</translation>
    </message>
    <message>
        <source>Save this table as a 双向细目表 workbook, e.g. for colleagues</source>
        <translation>把此表保存为双向细目表工作簿，例如分享给同事</translation>
    </message>
    <message>
        <source>Fill down</source>
        <translation>向下填充</translation>
    </message>
    <message>
        <source>Copy the current cell into the selected rows below it (Ctrl+D)</source>
        <translation>把当前单元格复制到下方选中的行（Ctrl+D）</translation>
    </message>
    <message>
        <source>Confirm guessed full marks</source>
        <translation>确认推测的满分</translation>
    </message>
    <message>
        <source>Take every full mark shown with “?” as it is</source>
        <translation>把所有带“?”的满分按所示数值确认</translation>
    </message>
    <message>
        <source>Select several rows and type to set them all; Ctrl+D fills down. Knowledge points: separate several with 、 — known ones are offered as you type. “?”: a full mark guessed from the scores.</source>
        <translation>选中多行后输入，可一次填入所有选中行；Ctrl+D 向下填充。知识点：多个之间用“、”分隔，输入时会提示已有的知识点。“?”：根据得分推测的满分。</translation>
    </message>
</context>
<context>
    <name>PaperTable</name>
    <message>
        <source>Single choice</source>
        <translation>单选题</translation>
    </message>
    <message>
        <source>Multiple choice</source>
        <translation>多选题</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>题号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>题型</translation>
    </message>
    <message>
        <source>Full marks</source>
        <translation>满分</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>Knowledge points</source>
        <translation>知识点</translation>
    </message>
    <message>
        <source>Ability</source>
        <translation>能力要求</translation>
    </message>
    <message>
        <source>Difficulty</source>
        <translation>预估难度</translation>
    </message>
    <message>
        <source>A guess: the highest score seen in the file. Type the full marks to confirm them.</source>
        <translation>推测值：文件中出现的最高得分。请输入满分以确认。</translation>
    </message>
    <message>
        <source>No answer key yet: type the right letters (e.g. B, or ACD) so the choices are scored.</source>
        <translation>还没有答案：请输入正确选项（如 B 或 ACD），以便给选择题计分。</translation>
    </message>
    <message>
        <source>Several knowledge points are separated by 、 or ; — new ones can be typed.</source>
        <translation>多个知识点用“、”或“;”分隔，可以输入新的知识点。</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Check how the file was understood</source>
        <translation>核对文件的识别结果</translation>
    </message>
    <message>
        <source>Fix the mapping on the left if a column or row was misread; every problem is listed with where to find it.</source>
        <translation>如有列或行识别错误，请在左侧修改对应关系；每个问题都注明了所在位置。</translation>
    </message>
    <message>
        <source>Mapping</source>
        <translation>对应关系</translation>
    </message>
    <message>
        <source>Classes in the file (untick those not to import)</source>
        <translation>文件中的班级（不导入的请取消勾选）</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>Layout:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Header row:</source>
        <translation>表头行：</translation>
    </message>
    <message>
        <source>Student ID column:</source>
        <translation>学号列：</translation>
    </message>
    <message>
        <source>Name column:</source>
        <translation>姓名列：</translation>
    </message>
    <message>
        <source>Max-score row:</source>
        <translation>满分行：</translation>
    </message>
    <message>
        <source>Knowledge-point row:</source>
        <translation>知识点行：</translation>
    </message>
    <message>
        <source>Answer-key row:</source>
        <translation>答案行：</translation>
    </message>
    <message>
        <source>Question info sheet:</source>
        <translation>题目信息表：</translation>
    </message>
    <message>
        <source>Assessment:</source>
        <translation>考试：</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>The sheet holding the scores</source>
        <translation>存放成绩的工作表</translation>
    </message>
    <message>
        <source>Wide: a row per student, a column per question; long: a row per student and question</source>
        <translation>宽表：每名学生一行、每题一列；长表：每名学生的每道题一行</translation>
    </message>
    <message>
        <source>The row of column headers (automatic: found from the headers)</source>
        <translation>表头所在行（自动：根据表头识别）</translation>
    </message>
    <message>
        <source>The column holding the 学号; “none” when the file has no student numbers (matched by name)</source>
        <translation>学号所在的列；文件没有学号时选“无”（按姓名匹配）</translation>
    </message>
    <message>
        <source>The column holding the names (optional)</source>
        <translation>姓名所在列（可选）</translation>
    </message>
    <message>
        <source>The row holding each question&apos;s full marks, if the sheet has one</source>
        <translation>各题满分所在行（如果工作表中有）</translation>
    </message>
    <message>
        <source>The row holding each question&apos;s knowledge points, if the sheet has one</source>
        <translation>各题知识点所在行（如果工作表中有）</translation>
    </message>
    <message>
        <source>The row holding the choice questions&apos; answer keys, if the sheet has one</source>
        <translation>选择题答案所在行（如果工作表中有）</translation>
    </message>
    <message>
        <source>A sheet with one row per question (题号, 满分, 知识点)</source>
        <translation>每题一行的工作表（题号、满分、知识点）</translation>
    </message>
    <message>
        <source>The exam&apos;s name, as the views show it</source>
        <translation>考试名称，各视图中按此显示</translation>
    </message>
    <message>
        <source>The exam&apos;s date, as YYYY-MM-DD</source>
        <translation>考试日期，按“年-月-日”填写，如 2026-10-12</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日，如 2026-10-12</translation>
    </message>
    <message>
        <source>First rows of the sheet, with the role of each column:</source>
        <translation>工作表的前几行，以及每一列的用途：</translation>
    </message>
    <message>
        <source>Problems:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <source>Tag questions…</source>
        <translation>标注题目…</translation>
    </message>
    <message>
        <source>Set knowledge points, full marks and answer keys before importing</source>
        <translation>导入前设置知识点、满分和答案</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Several sheets look like gradebooks: choose the sheet to import (Sheet, on the left).</source>
        <translation>有几个工作表都像成绩册：请在左边的“工作表”中选择要导入的那一个。</translation>
    </message>
    <message>
        <source>{errors} error(s) must be fixed before importing: correct the mapping above or the file, then come back.</source>
        <translation>导入前需修正 {errors} 个错误：请修改左侧的对应关系或文件本身，然后再回来。</translation>
    </message>
    <message>
        <source>When was the exam? The file does not say: give its date (YYYY-MM-DD) on the left.</source>
        <translation>考试是哪天？文件里没有写：请在左边填写日期（年-月-日，如 2026-10-12）。</translation>
    </message>
    <message>
        <source>{n} student(s) of the file look like students of the class: say for each whether it is the same student or a new one.</source>
        <translation>文件中有 {n} 个学生像是班里的学生：请逐一说明是同一个学生还是新学生。</translation>
    </message>
    <message>
        <source>Tick at least one class to import.</source>
        <translation>请至少勾选一个要导入的班级。</translation>
    </message>
    <message>
        <source>Name the class on the first page (Back): the file has no 班级 column.</source>
        <translation>文件中没有“班级”列：请返回第一页填写班级。</translation>
    </message>
    <message>
        <source>Ready to import into {cls}.</source>
        <translation>可以导入到 {cls}。</translation>
    </message>
    <message>
        <source>Next: check the questions&apos; knowledge points, full marks and answers.</source>
        <translation>下一步：核对题目的知识点、满分和答案。</translation>
    </message>
    <message>
        <source>{n} warning(s): these cells are imported as missing or as shown.</source>
        <translation>{n} 条警告：这些单元格将按缺失或按所示内容导入。</translation>
    </message>
    <message>
        <source>{cls} ({n} students)</source>
        <translation>{cls}（{n} 名学生）</translation>
    </message>
    <message>
        <source>{cls} ({n} students): imported before</source>
        <translation>{cls}（{n} 名学生）：已导入过</translation>
    </message>
    <message>
        <source>(choose a sheet)</source>
        <translation>（请选择工作表）</translation>
    </message>
    <message>
        <source>Wide: one row per student</source>
        <translation>宽表：每名学生一行</translation>
    </message>
    <message>
        <source>Long: one row per student × question</source>
        <translation>长表：每名学生每道题一行</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>(choose a column)</source>
        <translation>（请选择一列）</translation>
    </message>
    <message>
        <source>none: match students by name</source>
        <translation>无：按姓名匹配学生</translation>
    </message>
    <message>
        <source>(automatic)</source>
        <translation>（自动）</translation>
    </message>
    <message>
        <source>Left out</source>
        <translation>不计入</translation>
    </message>
    <message>
        <source>header</source>
        <translation>表头</translation>
    </message>
    <message>
        <source>max scores</source>
        <translation>满分</translation>
    </message>
    <message>
        <source>knowledge points</source>
        <translation>知识点</translation>
    </message>
    <message>
        <source>answer key</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>one row per student</source>
        <translation>每名学生一行</translation>
    </message>
    <message>
        <source>one row per score</source>
        <translation>每个成绩一行</translation>
    </message>
    <message>
        <source>the 满分/知识点 rows under the header</source>
        <translation>表头下方的满分行和知识点行</translation>
    </message>
    <message>
        <source>sheet “{sheet}”</source>
        <translation>工作表“{sheet}”</translation>
    </message>
    <message>
        <source>file “{file}”</source>
        <translation>文件“{file}”</translation>
    </message>
    <message>
        <source>columns of the sheet</source>
        <translation>工作表中的列</translation>
    </message>
    <message>
        <source>nowhere: full marks are guessed from the highest score seen, and no question is tagged yet</source>
        <translation>文件中没有：满分按出现的最高得分推测，题目尚未标注知识点</translation>
    </message>
    <message>
        <source>Read as {kind}; header in row {row}.</source>
        <translation>识别为{kind}；表头在第 {row} 行。</translation>
    </message>
    <message>
        <source>Max scores and knowledge points from {source}.</source>
        <translation>满分和知识点来自{source}。</translation>
    </message>
    <message>
        <source>Exam name from the title row: {name}</source>
        <translation>考试名称取自标题行：{name}</translation>
    </message>
    <message>
        <source>Student id: {column}</source>
        <translation>学生编号：{column}</translation>
    </message>
    <message>
        <source>(also {columns}: ignored)</source>
        <translation>（另有 {columns}：不使用）</translation>
    </message>
    <message>
        <source>{parent} is the sum of {children}: left out</source>
        <translation>{parent} 是 {children} 之和：不计入</translation>
    </message>
    <message>
        <source>Answer key in row {row}</source>
        <translation>答案在第 {row} 行</translation>
    </message>
    <message>
        <source>Found {students} students, {items} questions ({points:g} points), {kps} knowledge points, {missing} missing scores, in assessment “{assessment}”{date}.</source>
        <translation>共 {students} 名学生、{items} 道题（总分 {points:g}）、{kps} 个知识点、{missing} 个缺失成绩，考试“{assessment}”{date}。</translation>
    </message>
    <message>
        <source>Questions: {list}</source>
        <translation>题目：{list}</translation>
    </message>
    <message>
        <source>not chosen (missing, not 0)</source>
        <translation>未选做（缺失，不算 0 分）</translation>
    </message>
    <message>
        <source>left blank (0 points)</source>
        <translation>未作答（0 分）</translation>
    </message>
    <message>
        <source>Question {item}: “{mark}” in {n} cells: {reading}</source>
        <translation>第 {item} 题：{n} 个单元格为“{mark}”：{reading}</translation>
    </message>
    <message>
        <source>(changed by you)</source>
        <translation>（已由您更改）</translation>
    </message>
    <message>
        <source>a variant character</source>
        <translation>异体字</translation>
    </message>
    <message>
        <source>full/half width or spaces</source>
        <translation>全角/半角或空格</translation>
    </message>
    <message>
        <source>one character apart</source>
        <translation>只差一个字</translation>
    </message>
    <message>
        <source>{name} ({number}) in the file looks like the class&apos;s {other} ({other_number}): {why}</source>
        <translation>文件中的{name}（{number}）像是班里的{other}（{other_number}）：{why}</translation>
    </message>
    <message>
        <source>Double-click or press “Read the other way” to flip it</source>
        <translation>双击或按“换一种读法”来切换</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>the same student</source>
        <translation>同一个学生</translation>
    </message>
    <message>
        <source>a new student</source>
        <translation>新学生</translation>
    </message>
    <message>
        <source>Marks in question columns</source>
        <translation>题目列中的符号</translation>
    </message>
    <message>
        <source>How each column&apos;s “/” and “—” cells are read</source>
        <translation>每一列中“/”和“—”单元格的读法</translation>
    </message>
    <message>
        <source>Read the other way</source>
        <translation>换一种读法</translation>
    </message>
    <message>
        <source>Switch the chosen column between “not chosen (missing)” and “left blank (0)”</source>
        <translation>在“未选做（缺失）”和“未作答（0 分）”之间切换所选列</translation>
    </message>
    <message>
        <source>Looks like the same student</source>
        <translation>像是同一个学生</translation>
    </message>
    <message>
        <source>The same student: their scores join the class&apos;s record; a new student: kept apart</source>
        <translation>同一个学生：成绩并入班里该生的记录；新学生：单独保存</translation>
    </message>
</context>
<context>
    <name>ProblemList</name>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>没有发现问题。</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>ReviewModel</name>
    <message>
        <source>and {n} more</source>
        <translation>等，另有 {n} 人</translation>
    </message>
    <message>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>题号</translation>
    </message>
    <message>
        <source>Exam</source>
        <translation>考试</translation>
    </message>
    <message>
        <source>Knowledge points</source>
        <translation>知识点</translation>
    </message>
    <message>
        <source>Score rate</source>
        <translation>得分率</translation>
    </message>
    <message>
        <source>Discrimination</source>
        <translation>区分度</translation>
    </message>
    <message>
        <source>Weak share</source>
        <translation>薄弱占比</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>Wrong answers / lost marks</source>
        <translation>错误选项 / 失分人数</translation>
    </message>
    <message>
        <source>Order to go over the questions: most marks lost where it matters most first</source>
        <translation>讲评顺序：失分多且最关键的题目在前</translation>
    </message>
    <message>
        <source>Score rate of the top 27% minus that of the bottom 27%</source>
        <translation>前 27% 学生的得分率减去后 27% 学生的得分率</translation>
    </message>
    <message>
        <source>Share of students weak on at least one of the question&apos;s knowledge points</source>
        <translation>在本题至少一个知识点上薄弱的学生占比</translation>
    </message>
    <message>
        <source>The right answer of a choice question</source>
        <translation>选择题的正确答案</translation>
    </message>
    <message>
        <source>Choice questions: each wrong answer and how many chose it; other questions: how many lost marks</source>
        <translation>选择题：每个错误选项及选择人数；其他题：失分人数</translation>
    </message>
    <message>
        <source>no wrong answer recorded</source>
        <translation>没有记录到错误答案</translation>
    </message>
    <message>
        <source>lost marks: {n}</source>
        <translation>失分 {n} 人</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <source>{question} of {exam}: score rate {rate:.0%}, {points}</source>
        <translation>{exam} {question}：得分率 {rate:.0%}，{points}</translation>
    </message>
    <message>
        <source>Key: {key}</source>
        <translation>正确答案：{key}</translation>
    </message>
    <message>
        <source>Nobody gave a wrong answer.</source>
        <translation>没有人答错。</translation>
    </message>
    <message>
        <source>Chose {answer} ({n}):</source>
        <translation>选 {answer}（{n} 人）：</translation>
    </message>
    <message>
        <source>Lost marks ({n}):</source>
        <translation>失分（{n} 人）：</translation>
    </message>
    <message>
        <source>Run the diagnosis to see the questions to go over in class.</source>
        <translation>运行诊断后即可看到课堂上要讲评的题目。</translation>
    </message>
    <message>
        <source>No question was sat by the class.</source>
        <translation>本班没有作答任何题目。</translation>
    </message>
    <message>
        <source>The questions to go over in class first: many marks lost, a question that separates students well, and knowledge points many are weak on. Select one to see who chose each wrong answer.</source>
        <translation>课堂上优先讲评的题目：失分多、区分度高、考查的知识点很多人薄弱。选中一题可查看每个错误选项是谁选的。</translation>
    </message>
    <message>
        <source>Questions:</source>
        <translation>题数：</translation>
    </message>
    <message>
        <source>How many questions the list holds</source>
        <translation>清单列出的题数</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save this 讲评 list as PDF, Excel or CSV</source>
        <translation>把这份讲评清单保存为 PDF、Excel 或 CSV</translation>
    </message>
    <message>
        <source>Select a question to see who chose each wrong answer</source>
        <translation>选中一题，查看每个错误选项是谁选的</translation>
    </message>
    <message>
        <source>Who chose each wrong answer of the selected question</source>
        <translation>所选题目每个错误选项的选择者</translation>
    </message>
</context>
<context>
    <name>SchoolModelBox</name>
    <message>
        <source>Training on this store&apos;s classes… This can take a few minutes; Cancel stops it.</source>
        <translation>正在用本数据库的班级训练…可能需要几分钟；点“取消”可停止。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Training finished.&lt;/b&gt;</source>
        <translation>&lt;b&gt;训练完成。&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Training cancelled; nothing was changed.</source>
        <translation>训练已取消，没有任何改动。</translation>
    </message>
    <message>
        <source>&lt;b&gt;The school&apos;s model could not be trained:&lt;/b&gt;</source>
        <translation>&lt;b&gt;无法训练本校模型：&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No model of this school has been trained yet. Zhidian can train one on this store&apos;s classes tagged with knowledge points, starting from the shipped model; it is used only if it predicts classes it has not seen better than the shipped model.</source>
        <translation>尚未训练本校模型。知点可以在内置模型的基础上，用本数据库中已标注知识点的班级训练一个；只有当它对训练时未见过的班级预测得比内置模型更准时才会启用。</translation>
    </message>
    <message>
        <source>Trained on {n} classes on {date}. Checked on classes kept out of its training ({held} of them), it predicted hidden scores better than the shipped model.</source>
        <translation>于 {date} 用 {n} 个班级训练。在未参与训练的 {held} 个班级上检验，它对隐藏成绩的预测比内置模型更准。</translation>
    </message>
    <message>
        <source>Trained on {n} classes on {date}. Checked on classes kept out of its training ({held} of them), it did not predict hidden scores better than the shipped model, so it is not used.</source>
        <translation>于 {date} 用 {n} 个班级训练。在未参与训练的 {held} 个班级上检验，它对隐藏成绩的预测没有比内置模型更准，因此不启用。</translation>
    </message>
    <message>
        <source>School&apos;s model against shipped model: AUC {la} against {sa} (higher is better), log loss {ll} against {sl} (lower is better).</source>
        <translation>本校模型对内置模型：AUC {la} 对 {sa}（越高越好），对数损失 {ll} 对 {sl}（越低越好）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Diagnoses now use the school&apos;s model.&lt;/b&gt;</source>
        <translation>&lt;b&gt;诊断现在使用本校模型。&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Diagnoses now use the shipped model.&lt;/b&gt;</source>
        <translation>&lt;b&gt;诊断现在使用内置模型。&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Diagnoses already made keep the model that made them: run the diagnosis again to apply a change.</source>
        <translation>已有的诊断仍沿用当时的模型：重新运行诊断才会采用新的选择。</translation>
    </message>
    <message>
        <source>The school&apos;s own model</source>
        <translation>本校模型</translation>
    </message>
    <message>
        <source>Train on this store&apos;s classes</source>
        <translation>用本数据库的班级训练</translation>
    </message>
    <message>
        <source>Train a model on every class of this store tagged with knowledge points, check it on classes kept out of its training, and use it only if it predicts them better than the shipped model</source>
        <translation>用本数据库中所有已标注知识点的班级训练模型，在未参与训练的班级上检验，只有预测比内置模型更准时才启用</translation>
    </message>
    <message>
        <source>Use the school&apos;s model</source>
        <translation>使用本校模型</translation>
    </message>
    <message>
        <source>New diagnoses use the model trained on this school&apos;s classes (only if it predicted better)</source>
        <translation>之后的诊断使用用本校班级训练的模型（仅当它预测得更准时可选）</translation>
    </message>
    <message>
        <source>Use the shipped model</source>
        <translation>使用内置模型</translation>
    </message>
    <message>
        <source>New diagnoses use the model that comes with Zhidian</source>
        <translation>之后的诊断使用知点自带的模型</translation>
    </message>
    <message>
        <source>Training the school&apos;s model; Cancel stops it</source>
        <translation>正在训练本校模型；点“取消”可停止</translation>
    </message>
</context>
<context>
    <name>ScoreGridModel</name>
    <message>
        <source>{student}, question {question} (full marks {full})</source>
        <translation>{student}，第 {question} 题（满分 {full}）</translation>
    </message>
    <message>
        <source>missing (absent or blank)</source>
        <translation>缺失（缺考或空白）</translation>
    </message>
    <message>
        <source>{points} points</source>
        <translation>{points} 分</translation>
    </message>
    <message>
        <source>chose {letters}</source>
        <translation>选了 {letters}</translation>
    </message>
    <message>
        <source>corrected after the import</source>
        <translation>导入后更正过</translation>
    </message>
    <message>
        <source>Double-click to correct</source>
        <translation>双击可更正</translation>
    </message>
    <message>
        <source>{question}
/{full}</source>
        <translation>{question}
/{full}</translation>
    </message>
    <message>
        <source>Question {question}: full marks {full}</source>
        <translation>第 {question} 题：满分 {full}</translation>
    </message>
</context>
<context>
    <name>ScoresDialog</name>
    <message>
        <source>Stored scores: {exam} · {cls}</source>
        <translation>成绩：{exam} · {cls}</translation>
    </message>
    <message>
        <source>{exam} of {cls} as stored: {students} students × {questions} questions, {missing} missing. Each column head gives the question and its full marks; choice questions show the letters chosen.</source>
        <translation>{cls}{exam}保存的成绩：{students} 名学生 × {questions} 道题，缺失 {missing} 个。每列标题为题号和满分；选择题显示所选选项。</translation>
    </message>
    <message>
        <source>— grey: missing (absent or blank) · bold on yellow: corrected after the import. The store can only be read (see the banner): no score can be corrected.</source>
        <translation>— 灰色：缺失（缺考或空白）· 黄底粗体：导入后更正过。数据库只能读取（见上方提示）：不能更正成绩。</translation>
    </message>
    <message>
        <source>— grey: missing (absent or blank) · bold on yellow: corrected after the import. Double-click a cell (or choose it and press Correct…) to correct a mistyped score.</source>
        <translation>— 灰色：缺失（缺考或空白）· 黄底粗体：导入后更正过。双击单元格（或选中后点“更正…”）可更正录错的成绩。</translation>
    </message>
    <message>
        <source>The scores as stored; double-click a cell to correct it</source>
        <translation>保存的成绩；双击单元格可更正</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <source>Correct the chosen score (the change is recorded)</source>
        <translation>更正选中的成绩（更改会被记录）</translation>
    </message>
    <message>
        <source>The store can only be read (see the banner): no score can be corrected.</source>
        <translation>数据库只能读取（见上方提示）：不能更正成绩。</translation>
    </message>
    <message>
        <source>The scores as stored</source>
        <translation>数据库中保存的成绩</translation>
    </message>
    <message>
        <source>Close this window</source>
        <translation>关闭这个窗口</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Mastery</source>
        <translation>掌握度</translation>
    </message>
    <message>
        <source>Data location (数据位置)</source>
        <translation>数据位置</translation>
    </message>
    <message>
        <source>A student&apos;s mastery of a knowledge point (0 to 1) is weak below the first threshold, mastered from the second, and developing in between. The class and student views, the charts, the knowledge graph and the exports all use these.</source>
        <translation>学生对某个知识点的掌握度（0 到 1）低于第一个阈值为薄弱，达到第二个阈值为已掌握，介于两者之间为待巩固。班级和学生视图、图表、知识图谱和所有导出都使用这两个阈值。</translation>
    </message>
    <message>
        <source>Weak (薄弱) below:</source>
        <translation>薄弱：低于</translation>
    </message>
    <message>
        <source>Mastered (已掌握) from:</source>
        <translation>已掌握：不低于</translation>
    </message>
    <message>
        <source>Flag as weak when at least this sure:</source>
        <translation>至少有此把握才标为薄弱：</translation>
    </message>
    <message>
        <source>How sure the diagnosis must be that a mastery is below the weak threshold before a point is flagged; less sure is “not sure yet” (default 0.80)</source>
        <translation>诊断要有多大把握认定掌握度低于薄弱阈值，才标出该知识点；把握不足则为“暂不确定”（默认 0.80）</translation>
    </message>
    <message>
        <source>A mastery under this is weak (default 0.50)</source>
        <translation>掌握度低于此值为薄弱（默认 0.50）</translation>
    </message>
    <message>
        <source>A mastery from this up is mastered (default 0.80)</source>
        <translation>掌握度达到此值为已掌握（默认 0.80）</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <source>Back to weak below 0.50 and mastered from 0.80</source>
        <translation>恢复为低于 0.50 为薄弱、0.80 及以上为已掌握</translation>
    </message>
    <message>
        <source>Keep these thresholds and show the class by them</source>
        <translation>采用这两个阈值，并按它们显示班级</translation>
    </message>
    <message>
        <source>Keep the thresholds as they were</source>
        <translation>保持原来的阈值</translation>
    </message>
</context>
<context>
    <name>StoredPaperDialog</name>
    <message>
        <source>Copy from a stored paper</source>
        <translation>从已存试卷复制</translation>
    </message>
    <message>
        <source>Its full marks, answers and knowledge points go into the questions of the same label.</source>
        <translation>它的满分、答案和知识点将填入题号相同的题目。</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>试卷</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>题数</translation>
    </message>
    <message>
        <source>Used by</source>
        <translation>使用的班级和考试</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>保存时间</translation>
    </message>
    <message>
        <source>no exam</source>
        <translation>无</translation>
    </message>
    <message>
        <source>No paper is stored yet: papers are stored when an exam is tagged.</source>
        <translation>还没有已存的试卷：标注考试后试卷会保存下来。</translation>
    </message>
</context>
<context>
    <name>StudentView</name>
    <message>
        <source>Run the diagnosis to see each student&apos;s mastery.</source>
        <translation>运行诊断后可查看每名学生的掌握度。</translation>
    </message>
    <message>
        <source>All points ({count} more)</source>
        <translation>全部知识点（另有 {count} 个）</translation>
    </message>
    <message>
        <source>Mastery (bar: {level:.0%} interval)</source>
        <translation>掌握度（竖线：{level:.0%} 区间）</translation>
    </message>
    <message>
        <source>No point is flagged or moved for this student: tick “All points” to see every point.</source>
        <translation>该生没有被标出或明显变化的知识点：勾选“全部知识点”可查看每个知识点。</translation>
    </message>
    <message>
        <source>Run the diagnosis again to see mastery across assessments.</source>
        <translation>重新运行诊断后可查看各次考试的掌握度变化。</translation>
    </message>
    <message>
        <source>One assessment so far: mastery over time appears after the next one is imported.</source>
        <translation>目前只有一次考试：导入下一次考试后即可看到掌握度的变化。</translation>
    </message>
    <message>
        <source>Mastery per group of points, then per knowledge point (with interval)</source>
        <translation>各组的掌握度，其下为各知识点（含区间）</translation>
    </message>
    <message>
        <source>{group}: {m:.2f} [{lower:.2f}–{upper:.2f}], P(weak) {p:.0%} · {finding}</source>
        <translation>{group}：{m:.2f} [{lower:.2f}–{upper:.2f}]，薄弱概率 {p:.0%} · {finding}</translation>
    </message>
    <message>
        <source> ({points})</source>
        <translation>（{points}）</translation>
    </message>
    <message>
        <source>Since the start of term (after {exam}):</source>
        <translation>自学期初（{exam} 之后）以来：</translation>
    </message>
    <message>
        <source>{point}: {start} [{start_lower}–{start_upper}] → {now} [{now_lower}–{now_upper}]</source>
        <translation>{point}：{start} [{start_lower}–{start_upper}] → {now} [{now_lower}–{now_upper}]</translation>
    </message>
    <message>
        <source>{count} other point(s) stayed within their uncertainty.</source>
        <translation>其余 {count} 个知识点的变化在不确定性之内。</translation>
    </message>
    <message>
        <source>No point moved beyond its uncertainty ({count} compared).</source>
        <translation>没有知识点的变化超出不确定性（比较了 {count} 个）。</translation>
    </message>
    <message>
        <source>The plan exported on {day} after {after}</source>
        <translation>{day} 导出的“{after}”之后的计划</translation>
    </message>
    <message>
        <source>The plan made after {after}</source>
        <translation>“{after}”之后按规则生成的计划</translation>
    </message>
    <message>
        <source>{whose} held {count} point(s); by {next} none moved beyond its uncertainty.</source>
        <translation>{whose}共 {count} 个知识点；到“{next}”之后，没有一个知识点的变化超出不确定性。</translation>
    </message>
    <message>
        <source>{whose} held {count} point(s); by {next}: {moved}; {rest} within their uncertainty.</source>
        <translation>{whose}共 {count} 个知识点；到“{next}”之后：{moved}；其余 {rest} 个在不确定性之内。</translation>
    </message>
    <message>
        <source>Weak relative to the class (whole interval below the class mean): {points}</source>
        <translation>相对全班薄弱（整个区间低于全班平均）：{points}</translation>
    </message>
    <message>
        <source>Not below the class mean on any knowledge point.</source>
        <translation>没有知识点低于全班平均。</translation>
    </message>
    <message>
        <source>{finding}: about {p:.0%} of an average question&apos;s points, at least {c:.0%} sure it is below the weak threshold. Work on every point with this student rather than one in particular.</source>
        <translation>{finding}：一道中等难度的题约可得 {p:.0%} 的分，至少有 {c:.0%} 的把握低于薄弱阈值。请与该生一起巩固每个知识点，而不是只练某一个。</translation>
    </message>
    <message>
        <source>Overall level: about {p:.0%} of an average question&apos;s points; not behind overall.</source>
        <translation>总体水平：一道中等难度的题约可得 {p:.0%} 的分；不属于总体落后。</translation>
    </message>
    <message>
        <source>No point is flagged for this student specifically: this class&apos;s scores do not tell points apart reliably (reliability {r}).</source>
        <translation>未标出该生特有的薄弱点：本班成绩不能可靠地区分各知识点（信度 {r}）。</translation>
    </message>
    <message>
        <source>No point is clearly below this student&apos;s own level.</source>
        <translation>没有明显低于该生自身水平的知识点。</translation>
    </message>
    <message>
        <source>{n} points</source>
        <translation>{n} 个知识点</translation>
    </message>
    <message>
        <source>{finding}: {points}</source>
        <translation>{finding}：{points}</translation>
    </message>
    <message>
        <source>No weak knowledge points: nothing to catch up on.</source>
        <translation>没有薄弱知识点，无需补习。</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 上一个</translation>
    </message>
    <message>
        <source>Previous student (Alt+Left)</source>
        <translation>上一个学生（Alt+←）</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一个 ▶</translation>
    </message>
    <message>
        <source>Next student (Alt+Right)</source>
        <translation>下一个学生（Alt+→）</translation>
    </message>
    <message>
        <source>Choose a student, or type part of a 学号 or name and press Enter</source>
        <translation>选择学生，或输入学号、姓名的一部分后按回车</translation>
    </message>
    <message>
        <source>学号 or name</source>
        <translation>学号或姓名</translation>
    </message>
    <message>
        <source>This student&apos;s points counted by mastery: “to work on” is below the weak threshold. Whether a point is weak for this student specifically, or they are behind overall, or it is not sure yet, the findings below say.</source>
        <translation>按掌握度统计该学生的知识点：“需要加强”即低于薄弱线。某个知识点是否是该学生特有的薄弱点、该学生是否总体落后、还是暂不确定，见下方的结论。</translation>
    </message>
    <message>
        <source>Points where this student&apos;s whole interval lies below the class&apos;s mean mastery: behind the class, whatever the threshold says</source>
        <translation>该学生整个区间都低于全班平均掌握度的知识点：无论阈值如何，都落后于全班</translation>
    </message>
    <message>
        <source>Behind overall: the student is behind on most points alike (one finding, not a flag on every point). Weak point: a point clearly below the rest of this student&apos;s points, marked only where the class&apos;s scores can tell. Not sure yet: may be weak, but the evidence does not reach the confidence set in Settings</source>
        <translation>总体落后：该生在大多数知识点上都同样落后（一个结论，而不是每个知识点都标红）。薄弱点：明显低于该生其他知识点的知识点，仅在本班成绩足以区分时标出。暂不确定：可能薄弱，但证据未达到“设置”中的置信度</translation>
    </message>
    <message>
        <source>Why each point is on the path, in the order to work on them</source>
        <translation>每个知识点列入路径的原因，按学习顺序排列</translation>
    </message>
    <message>
        <source>All points</source>
        <translation>全部知识点</translation>
    </message>
    <message>
        <source>Show every knowledge point across the assessments; unticked, only this student&apos;s flagged points and those that moved beyond their uncertainty</source>
        <translation>显示各次考试中的每个知识点；不勾选时只显示该生被标出的知识点和变化超出不确定范围的知识点</translation>
    </message>
    <message>
        <source>Mastery per knowledge point (with interval)</source>
        <translation>各知识点掌握度（含区间）</translation>
    </message>
    <message>
        <source>By group: {found}</source>
        <translation>按组：{found}</translation>
    </message>
    <message>
        <source>By group: this class&apos;s points cannot be told apart, these groups can (reliability {r}).</source>
        <translation>按组：本班的知识点之间区分不开，这几组可以区分（信度 {r}）。</translation>
    </message>
    <message>
        <source>Learning path</source>
        <translation>学习路径</translation>
    </message>
    <message>
        <source>Learning path: weak points, prerequisites first, in the order to work on them, and why</source>
        <translation>学习路径：薄弱知识点按学习顺序排列（前置知识优先），并说明原因</translation>
    </message>
    <message>
        <source>How this student&apos;s mastery moved from one assessment to the next</source>
        <translation>该学生的掌握度在各次考试之间的变化</translation>
    </message>
    <message>
        <source>Mastery across assessments</source>
        <translation>各次考试的掌握度</translation>
    </message>
</context>
<context>
    <name>StudentsPage</name>
    <message>
        <source>Class:</source>
        <translation>班级：</translation>
    </message>
    <message>
        <source>Student number</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Joined (转入)</source>
        <translation>转入</translation>
    </message>
    <message>
        <source>Left (转出)</source>
        <translation>转出</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>成绩数</translation>
    </message>
    <message>
        <source>Choose one student, or two records of the same student to merge them</source>
        <translation>选择一个学生，或选择同一个学生的两条记录来合并</translation>
    </message>
    <message>
        <source>Merge the two students…</source>
        <translation>合并这两个学生…</translation>
    </message>
    <message>
        <source>Two records of one student (another number, another spelling): their scores join, undoably</source>
        <translation>同一个学生的两条记录（学号不同或写法不同）：成绩合并，可以撤销</translation>
    </message>
    <message>
        <source>Left the class (转出)…</source>
        <translation>转出…</translation>
    </message>
    <message>
        <source>From the date on, the student is no longer in the class&apos;s figures, plans and groups</source>
        <translation>从该日期起，该生不再计入班级统计、练习计划和分层分组</translation>
    </message>
    <message>
        <source>Joined the class (转入)…</source>
        <translation>转入…</translation>
    </message>
    <message>
        <source>Before the date, the student is not counted in the class&apos;s exams</source>
        <translation>该日期之前的班级考试不计入该生</translation>
    </message>
    <message>
        <source>Clear 转入 / 转出</source>
        <translation>清除转入 / 转出</translation>
    </message>
    <message>
        <source>Take back the student&apos;s 转入 and 转出 dates</source>
        <translation>撤回该生的转入和转出日期</translation>
    </message>
    <message>
        <source>Merges (a merge can be undone):</source>
        <translation>合并记录（可以撤销）：</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>保留的学号</translation>
    </message>
    <message>
        <source>Merged into it</source>
        <translation>并入的学号</translation>
    </message>
    <message>
        <source>Scores moved</source>
        <translation>移动的成绩</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Undo merge…</source>
        <translation>撤销合并…</translation>
    </message>
    <message>
        <source>The merged record gets its scores back</source>
        <translation>被合并的记录取回它的成绩</translation>
    </message>
    <message>
        <source>After a merge or a 转入 / 转出, diagnose the class again so that its figures follow.</source>
        <translation>合并或转入/转出之后，请重新诊断这个班，使统计结果随之更新。</translation>
    </message>
</context>
<context>
    <name>TaggingPage</name>
    <message>
        <source>Exam: {name}</source>
        <translation>考试：{name}</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>{n} error(s) must be fixed in the table before importing.</source>
        <translation>导入前须改正表中的 {n} 处错误。</translation>
    </message>
    <message>
        <source>{n} of {total} questions have no knowledge point: they cannot be diagnosed until tagged (you can also tag them later from the class view).</source>
        <translation>{total} 道题中有 {n} 道没有知识点：标注前无法诊断（也可以以后在班级视图中标注）。</translation>
    </message>
    <message>
        <source>{n} full marks are guesses (?): type or confirm them, or they stay guesses.</source>
        <translation>{n} 个满分是推测值（?）：请输入或确认，否则仍按推测值处理。</translation>
    </message>
    <message>
        <source>{n} choice questions have no answer key: their letters stay unscored.</source>
        <translation>{n} 道选择题没有答案：所选字母暂不计分。</translation>
    </message>
    <message>
        <source>Ready to import into {cls} with this paper.</source>
        <translation>可以按此试卷导入到 {cls}。</translation>
    </message>
    <message>
        <source>Tag the questions (the exam&apos;s paper)</source>
        <translation>标注题目（考试的试卷）</translation>
    </message>
    <message>
        <source>Knowledge points, full marks and answer keys are kept as the exam&apos;s paper and reused by every class that takes it. Import its 双向细目表, copy a stored paper, or type them.</source>
        <translation>知识点、满分和答案作为这次考试的试卷保存，参加这次考试的每个班级都可复用。可以导入双向细目表、从已存试卷复制，或直接输入。</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Import a gradebook (per-question scores of one class, or of a whole grade as 智学网, 七天网络 or 好分数 export them) and tag its questions with knowledge points once, to see, for the class and for every student, which knowledge points are weak, how sure that is, and what to work on first. Everything stays on this computer.</source>
        <translation>导入成绩表（一个班的小题得分，或智学网、七天网络、好分数导出的整个年级的成绩），并为题目标注一次知识点，即可看到全班和每个学生的薄弱知识点、判断的把握有多大，以及应先补哪些。所有数据都只保存在这台电脑上。</translation>
    </message>
    <message>
        <source>Open the sample: four classes of a grade, starting with 八年级(3)班</source>
        <translation>打开示例：一个年级的四个班，先看八年级(3)班</translation>
    </message>
    <message>
        <source>Import a gradebook…</source>
        <translation>导入成绩表…</translation>
    </message>
    <message>
        <source>or drop an Excel (.xlsx, .xls) or CSV gradebook here</source>
        <translation>或把 Excel（.xlsx、.xls）或 CSV 成绩表拖到这里</translation>
    </message>
    <message>
        <source>Import four sample classes of one grade (八年级(1)–(4)班) to see what Zhidian shows</source>
        <translation>导入同一年级的四个示例班级（八年级(1)–(4)班），看看知点能显示什么</translation>
    </message>
    <message>
        <source>Choose an Excel or CSV gradebook: one class, or a whole grade as the exam system exported it</source>
        <translation>选择 Excel 或 CSV 成绩表：一个班级，或阅卷系统导出的全年级成绩</translation>
    </message>
    <message>
        <source>Drag a gradebook file from the file manager and drop it here</source>
        <translation>从文件管理器把成绩表文件拖到这里</translation>
    </message>
</context>
</TS>
