<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnswersPlot</name>
    <message>
        <source>After each evaluation the model answers the questions of conversations it never trains on (those with a short answer), writing its likeliest words. An answer counts as right when it is exactly the one in the text. The loss says how surprised the model is; this says what it can do.</source>
        <translation>每次评估后，模型都会回答它从未训练过的对话里的问题（答案较短的那些），每次写出它认为最可能的词。只有和文本里的答案一字不差才算答对。损失说明模型有多意外；这里说明它能做到什么。</translation>
    </message>
    <message>
        <source>training step</source>
        <translation>训练步数</translation>
    </message>
    <message>
        <source>answers right (%)</source>
        <translation>答对的比例（%）</translation>
    </message>
    <message>
        <source>&lt;b&gt;{right} of {asked}&lt;/b&gt; held-out questions answered exactly right (step {step:,})</source>
        <translation>留出的问题中&lt;b&gt;答对 {right} 个，共 {asked} 个&lt;/b&gt;（第 {step:,} 步）</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Something went wrong ({problem}). Your work is saved; details are in the log (Help ▸ Show log folder).</source>
        <translation>出了点问题（{problem}）。你的工作已保存；详细信息在日志中（帮助 ▸ 显示日志文件夹）。</translation>
    </message>
    <message>
        <source>Something went wrong. Your work is saved; details are in the log (Help ▸ Show log folder).</source>
        <translation>出了点问题。你的工作已保存；详细信息在日志中（帮助 ▸ 显示日志文件夹）。</translation>
    </message>
    <message>
        <source>GPT Studio could not write its log in {folder} ({reason}), so the log may be missing or out of date.</source>
        <translation>GPT Studio 无法在 {folder} 中写入日志（{reason}），因此日志可能缺失或不是最新的。</translation>
    </message>
    <message>
        <source>No log has been written yet; it will be in {folder}.</source>
        <translation>还没有写入任何日志；日志将保存在 {folder}。</translation>
    </message>
    <message>
        <source>The log folder is {folder}.</source>
        <translation>日志文件夹是 {folder}。</translation>
    </message>
</context>
<context>
    <name>AttentionGrid</name>
    <message>
        <source>The future: a token cannot look at tokens that come after it.</source>
        <translation>未来：一个词元看不到排在它后面的词元。</translation>
    </message>
    <message>
        <source>“{token}” gives {share:.0%} of its attention to “{other}”.</source>
        <translation>“{token}”把 {share:.0%} 的注意力分给了“{other}”。</translation>
    </message>
</context>
<context>
    <name>AttentionView</name>
    <message>
        <source>Train the model first, then see what it pays attention to.</source>
        <translation>请先训练模型，然后再看它在关注什么。</translation>
    </message>
    <message>
        <source>Type some text above to see what the model looks at while reading it.</source>
        <translation>在上方输入一些文本，看看模型在读它时关注哪里。</translation>
    </message>
    <message>
        <source>Share of a token&apos;s attention: {steps}&amp;nbsp;&amp;nbsp;&amp;nbsp;&amp;nbsp;{future}&amp;nbsp;later tokens, which it cannot see</source>
        <translation>一个词元分配的注意力比例：{steps}&amp;nbsp;&amp;nbsp;&amp;nbsp;&amp;nbsp;{future}&amp;nbsp;它后面的词元（看不到）</translation>
    </message>
    <message>
        <source>Type some text, e.g. the start of a name or a sentence</source>
        <translation>输入一些文本，比如一个名字或一句话的开头</translation>
    </message>
    <message>
        <source>The model reads this text; the view shows which earlier tokens it looks at while reading each one. It can only use characters it saw in the corpus.</source>
        <translation>模型会读这段文本；这里显示它在读每个词元时，会看前面哪些词元。它只能使用在语料中见过的字符。</translation>
    </message>
    <message>
        <source>Layer: the transformer blocks are stacked one on top of the other. Layer 1 sees the raw tokens; each later layer sees what the layers below it made of them.</source>
        <translation>层：Transformer 块一层叠在一层上面。第 1 层看到的是原始词元；之后的每一层看到的，是下面各层对它们的加工结果。</translation>
    </message>
    <message>
        <source>Head: each layer has several heads that each look for something different (the previous letter, the start of the word...). The average shows all of the layer&apos;s heads together.</source>
        <translation>注意力头：每一层都有几个头，各自寻找不同的东西（前一个字母、单词的开头……）。“所有头的平均”会把这一层所有头的结果放在一起显示。</translation>
    </message>
    <message>
        <source>The text as the model reads it, one token per box (␣ is a space, ↵ a line break). Point at a token: the earlier tokens it looks at turn blue, darker for more attention.</source>
        <translation>模型读到的文本，每个方框是一个词元（␣ 表示空格，↵ 表示换行）。指向一个词元：它所看的前面那些词元会变成蓝色，关注越多，颜色越深。</translation>
    </message>
    <message>
        <source>How the colours read: the darker the blue, the bigger the share of its attention a token gives to that earlier token.</source>
        <translation>颜色的含义：蓝色越深，表示一个词元分给那个前面词元的注意力越多。</translation>
    </message>
    <message>
        <source>While reading each token, the model decides how much to look back at every earlier token. Each row of the grid is one token of your text; the blue cells in it are the earlier tokens it looks at, darker for more attention. Every row adds up to 100%.</source>
        <translation>模型在读每个词元时，会决定回头看前面每个词元多少。网格的每一行是你文本中的一个词元；行里的蓝色格子是它所看的前面那些词元，关注越多颜色越深。每一行加起来都是 100%。</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Head:</source>
        <translation>头：</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>文本：</translation>
    </message>
    <message>
        <source>Point at a token (or its row in the grid) to see what it looks at:</source>
        <translation>指向一个词元（或它在网格中的那一行），看看它在看什么：</translation>
    </message>
    <message>
        <source>Each row: a token of your text.   Each column: a token it can look at →</source>
        <translation>每一行：你文本中的一个词元。   每一列：它可以看的词元 →</translation>
    </message>
    <message>
        <source>Average of all heads</source>
        <translation>所有头的平均</translation>
    </message>
    <message>
        <source>{head} of {count}</source>
        <translation>第 {head} 个头（共 {count} 个）</translation>
    </message>
    <message>
        <source>{layer} of {count} (closest to the raw tokens)</source>
        <translation>第 {layer} 层（共 {count} 层，最靠近原始词元）</translation>
    </message>
    <message>
        <source>{layer} of {count} (closest to the prediction)</source>
        <translation>第 {layer} 层（共 {count} 层，最靠近预测结果）</translation>
    </message>
    <message>
        <source>{layer} of {count}</source>
        <translation>第 {layer} 层（共 {count} 层）</translation>
    </message>
    <message>
        <source>The model reads at most {block_size} tokens at a time, so it reads only the last {block_size} of your text.</source>
        <translation>模型一次最多读 {block_size} 个词元，所以只读你文本的最后 {block_size} 个。</translation>
    </message>
    <message>
        <source>Showing the last {count} tokens; the attention they give to earlier ones is left out of the picture.</source>
        <translation>只显示最后 {count} 个词元；它们分给更早词元的注意力没有画出来。</translation>
    </message>
</context>
<context>
    <name>AutomaticBox</name>
    <message>
        <source>Time to train:</source>
        <translation>训练时长：</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <source>Choose the model and the number of steps so that training takes about {minutes} minutes on this computer.</source>
        <translation>选择模型和步数，让训练在这台电脑上大约用 {minutes} 分钟。</translation>
    </message>
    <message>
        <source>What Automatic chose, and why. Change any setting to make it your own (the preset becomes Custom).</source>
        <translation>自动设置选了什么，以及为什么。改动任何一项设置即可自行决定（预设随之变为“自定义”）。</translation>
    </message>
    <message>
        <source>Measuring this computer&apos;s speed to choose the settings…</source>
        <translation>正在测量这台电脑的速度，以便选择设置…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Chosen for your text and this computer:&lt;/b&gt;</source>
        <translation>&lt;b&gt;为你的文本和这台电脑选定：&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>Catalogue</name>
    <message>
        <source>not stated on the model card</source>
        <translation>模型卡上未注明</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>OpenAI&apos;s GPT-2 (2019), its smallest size: trained on 8 million web pages. The usual start for English text.</source>
        <translation>OpenAI 的 GPT-2（2019 年）最小的版本：在 800 万个网页上训练。英文文本的常用起点。</translation>
    </message>
    <message>
        <source>A smaller GPT-2 (6 layers instead of 12) that Hugging Face distilled from it: about twice as fast, writes a little less well.</source>
        <translation>Hugging Face 从 GPT-2 蒸馏出的小号 GPT-2（6 层而不是 12 层）：快约一倍，写得稍差一些。</translation>
    </message>
    <message>
        <source>GPT-2&apos;s medium size (24 layers): better English, about three times slower than GPT-2.</source>
        <translation>GPT-2 的中号版本（24 层）：英文写得更好，速度约为 GPT-2 的三分之一。</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>UER&apos;s Chinese GPT-2, trained on CLUECorpusSmall (news, web pages, novels): general modern Chinese.</source>
        <translation>UER 的中文 GPT-2，在 CLUECorpusSmall（新闻、网页、小说）上训练：通用现代中文。</translation>
    </message>
    <message>
        <source>Chinese (classical poetry)</source>
        <translation>中文（古诗词）</translation>
    </message>
    <message>
        <source>UER&apos;s Chinese GPT-2 trained on about 800,000 classical Chinese poems.</source>
        <translation>UER 的中文 GPT-2，在约 80 万首中国古诗上训练。</translation>
    </message>
    <message>
        <source>Chinese (song lyrics)</source>
        <translation>中文（歌词）</translation>
    </message>
    <message>
        <source>UER&apos;s Chinese GPT-2 trained on Chinese song lyrics.</source>
        <translation>UER 的中文 GPT-2，在中文歌词上训练。</translation>
    </message>
    <message>
        <source>Chinese (couplets)</source>
        <translation>中文（对联）</translation>
    </message>
    <message>
        <source>UER&apos;s Chinese GPT-2 trained on about 700,000 Chinese couplets (对联).</source>
        <translation>UER 的中文 GPT-2，在约 70 万副对联上训练。</translation>
    </message>
    <message>
        <source>Classical Chinese</source>
        <translation>文言文</translation>
    </message>
    <message>
        <source>UER&apos;s Chinese GPT-2 trained on 3 million classical Chinese texts (文言文), with a vocabulary extended for them.</source>
        <translation>UER 的中文 GPT-2，在 300 万篇文言文上训练，词表也为此扩充过。</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <source>chance of coming next</source>
        <translation>接下来出现的概率</translation>
    </message>
</context>
<context>
    <name>ChatRuns</name>
    <message>
        <source>Open a project to chat with its model.</source>
        <translation>打开一个项目，就能和它的模型对话。</translation>
    </message>
    <message>
        <source>This project&apos;s model learns plain text, not conversations: the Generate tab continues its text. To chat, start from conversations (a demo such as “Corner shop assistant”, or a text of “User:” and “Assistant:” turns) with the data mode “Conversations”.</source>
        <translation>这个项目的模型学的是普通文本，不是对话：“生成”页会接着写它的文本。要对话，请从对话开始（比如演示“小店店员”，或由“User:”和“Assistant:”轮次组成的文本），并把数据模式设为“对话”。</translation>
    </message>
    <message>
        <source>There is no trained model yet: train it in the Train tab first, then talk to it here.</source>
        <translation>还没有训练好的模型：先在“训练”页训练它，再到这里和它对话。</translation>
    </message>
    <message>
        <source>Wait for the reply being written.</source>
        <translation>请等正在写的回复写完。</translation>
    </message>
    <message>
        <source>Stopped: {tokens:,} tokens written.</source>
        <translation>已停止：写了 {tokens:,} 个词元。</translation>
    </message>
    <message>
        <source>Done: {tokens:,} tokens written.</source>
        <translation>完成：写了 {tokens:,} 个词元。</translation>
    </message>
    <message>
        <source>The model did not see the oldest {turns} turns: they no longer fit its context.</source>
        <translation>模型没有看到最早的 {turns} 个轮次：它们已经放不进它的上下文了。</translation>
    </message>
</context>
<context>
    <name>ChatTab</name>
    <message>
        <source>There is no chat model yet.</source>
        <translation>还没有对话模型。</translation>
    </message>
    <message>
        <source>Type a message, then press Enter (Shift+Enter for a new line).</source>
        <translation>输入一条消息，然后按 Enter（Shift+Enter 换行）。</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send your message; the model answers it (Enter).</source>
        <translation>发送你的消息，模型会回答它（Enter）。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the reply now; what it wrote so far stays.</source>
        <translation>立即停止回复；已经写出的部分会保留。</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Write the last reply again. With a temperature above 0 it comes out differently: the model draws each word by chance.</source>
        <translation>把最后一条回复重写一遍。温度大于 0 时每次结果都不同：模型是按概率抽取每个词的。</translation>
    </message>
    <message>
        <source>Clear</source>
        <comment>button: start a new conversation</comment>
        <translation>清空</translation>
    </message>
    <message>
        <source>Start a new conversation: the model forgets this one.</source>
        <translation>开始新的对话：模型会忘掉这一段。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the whole conversation to the clipboard, one turn a line, labelled as in the text it learnt from.</source>
        <translation>把整段对话复制到剪贴板：每个轮次一行，标签和它学习的文本里一样。</translation>
    </message>
    <message>
        <source>The system line: an instruction that comes before the conversation, as the conversations the model learnt from had one. It reads it before every reply.</source>
        <translation>系统设定：放在对话之前的一条指示，和模型学过的对话里的一样。每次回复之前模型都会先读它。</translation>
    </message>
    <message>
        <source>System line:</source>
        <translation>系统设定：</translation>
    </message>
    <message>
        <source>How much of the model&apos;s context (the tokens it can see at once) the conversation fills, its markers for the turns included. When it is full, the model no longer sees the oldest turns.</source>
        <translation>对话占了模型上下文（它一次能看到的词元）的多少，包括标记轮次的记号。满了以后，模型就看不到最早的轮次了。</translation>
    </message>
    <message>
        <source>Temperature: how adventurous the replies are. 0 always picks the likeliest word (the same reply every time); around 0.5 answers stay on topic; above 1 they wander.</source>
        <translation>温度：回复有多大胆。0 总是选最可能的词（每次回复都一样）；0.5 左右回答不离题；高于 1 就会跑题。</translation>
    </message>
    <message>
        <source>Top-k: choose only among the k likeliest next tokens. 0 turns it off.</source>
        <translation>Top-k：只在最可能的 k 个下一个词元中选择。0 表示关闭。</translation>
    </message>
    <message>
        <source>Top-p (nucleus): choose among the likeliest tokens whose chances add up to p. 1 turns it off.</source>
        <translation>Top-p（核采样）：在概率加起来达到 p 的最可能的词元中选择。1 表示关闭。</translation>
    </message>
    <message>
        <source>Min-p: drop tokens less than min-p times as likely as the best one. 0 turns it off.</source>
        <translation>Min-p：去掉可能性不到最佳词元 min-p 倍的词元。0 表示关闭。</translation>
    </message>
    <message>
        <source>Repetition penalty: above 1 makes tokens already used less likely. 1 = off.</source>
        <translation>重复惩罚：大于 1 时，已经用过的词元变得不太可能再出现。1 = 关闭。</translation>
    </message>
    <message>
        <source>The longest reply, in tokens (characters, for a character tokenizer). A reply usually ends sooner: when the model writes the end of its turn.</source>
        <translation>回复最长多少个词元（用字符分词器时就是字符数）。回复通常更早结束：模型写出本轮结束记号时就停下。</translation>
    </message>
    <message>
        <source>Show how sure the model was</source>
        <translation>显示模型有多确定</translation>
    </message>
    <message>
        <source>Shade each word of the replies by its probability (white = sure, the redder the more of a guess); hover it to see the other choices.</source>
        <translation>按概率给回复里的每个词着色（白色 = 很确定，越红越像是猜的）；把鼠标停在上面可以看到其他选择。</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Longest reply</source>
        <translation>最长回复</translation>
    </message>
    <message>
        <source>How to answer</source>
        <translation>回答方式</translation>
    </message>
    <message>
        <source>Context:</source>
        <translation>上下文：</translation>
    </message>
    <message>
        <source>Ask something the conversations it learnt from talk about.</source>
        <translation>问一些它学过的对话里谈到的事情。</translation>
    </message>
    <message>
        <source>Left out of your message what the model has never seen: {characters}.</source>
        <translation>已从你的消息中去掉模型从未见过的内容：{characters}。</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写…</translation>
    </message>
    <message>
        <source>The conversation is on the clipboard.</source>
        <translation>对话已复制到剪贴板。</translation>
    </message>
    <message>
        <source>{used:,} tokens, more than the {size:,} the model sees</source>
        <translation>{used:,} 个词元，超过了模型能看到的 {size:,} 个</translation>
    </message>
    <message>
        <source>{used:,} of {size:,} tokens</source>
        <translation>{used:,} / {size:,} 个词元</translation>
    </message>
    <message>
        <source>The conversation fills most of the model&apos;s context, and a reply needs room: for the next reply it no longer sees the oldest turns. Clear starts afresh.</source>
        <translation>对话已占去模型上下文的大部分，而回复也需要空间：下一次回复时，它不再能看到最早的几轮。“清空”可以重新开始。</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <source>Same prompt and same seed: differences come from the models, not from luck.</source>
        <translation>提示词和随机种子都相同：差异来自模型本身，而不是运气。</translation>
    </message>
    <message>
        <source>step {step:,} · validation loss {loss:.3f}</source>
        <translation>第 {step:,} 步 · 验证损失 {loss:.3f}</translation>
    </message>
    <message>
        <source>step {step:,}</source>
        <translation>第 {step:,} 步</translation>
    </message>
    <message>
        <source>validation loss {loss:.3f}</source>
        <translation>验证损失 {loss:.3f}</translation>
    </message>
    <message>
        <source>no loss recorded</source>
        <translation>没有记录损失</translation>
    </message>
    <message>
        <source>This model could not write: {error}</source>
        <translation>这个模型没能写出文字：{error}</translation>
    </message>
    <message>
        <source>Compare projects</source>
        <translation>比较项目</translation>
    </message>
    <message>
        <source>Your trained projects. Tick the ones to compare; a greyed-out project has no trained model yet (hover it to see why).</source>
        <translation>你训练过的项目。勾选要比较的项目；灰色的项目还没有训练好的模型（把鼠标悬停在上面可以查看原因）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Projects&lt;/b&gt;</source>
        <translation>&lt;b&gt;项目&lt;/b&gt;</translation>
    </message>
    <message>
        <source>training step</source>
        <translation>训练步数</translation>
    </message>
    <message>
        <source>loss (lower is better)</source>
        <translation>损失（越低越好）</translation>
    </message>
    <message>
        <source>Validation loss (thick lines with dots) is measured on text the model never trained on: lower means it predicts the corpus better. Training loss (light lines) is on the text it trains on. Losses compare fairly only between projects that cut text into the same kind of tokens.</source>
        <translation>验证损失（带圆点的粗线）是在模型从未训练过的文本上测得的：越低说明它对语料的预测越准。训练损失（浅色线）是在它训练用的文本上测得的。只有把文本切分成同一类词元的项目之间，损失才能公平比较。</translation>
    </message>
    <message>
        <source>Also show training loss (light lines)</source>
        <translation>同时显示训练损失（浅色线）</translation>
    </message>
    <message>
        <source>Training loss, smoothed, in a lighter shade of each project&apos;s colour. When it keeps falling while the validation loss rises, the model is memorising its text instead of learning.</source>
        <translation>训练损失经过平滑处理，用比各项目颜色更浅的颜色显示。如果它一直下降，验证损失却在上升，说明模型在死记硬背它的文本，而不是在学习。</translation>
    </message>
    <message>
        <source>Logarithmic scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <source>Spread out the low end of the loss, where late training happens.</source>
        <translation>把损失较低的那一段拉开显示，训练后期的变化都发生在那里。</translation>
    </message>
    <message>
        <source>Type how the text should begin (or leave empty), then press “Write with each”.</source>
        <translation>输入文本应该怎样开头（也可以留空），然后按“让每个模型各写一段”。</translation>
    </message>
    <message>
        <source>Every ticked model continues this same text. A model can only use characters it saw in its own corpus; one that cannot read the prompt says so in its column.</source>
        <translation>每个勾选的模型都会接着这段相同的文本往下写。模型只能使用它在自己的语料中见过的字符；如果某个模型读不懂这个提示词，会在它那一栏里说明。</translation>
    </message>
    <message>
        <source>The seed fixes the model&apos;s random choices. Same prompt and same seed: differences come from the models, not from luck.</source>
        <translation>随机种子决定模型的随机选择。提示词和随机种子都相同：差异来自模型本身，而不是运气。</translation>
    </message>
    <message>
        <source>Temperature: how adventurous the writing is. 0 always picks the likeliest next token (repetitive); 0.7-1 is natural; above 1.2 gets wild.</source>
        <translation>温度：决定写作有多大胆。0 总是选择最可能的下一个词元（容易重复）；0.7-1 比较自然；高于 1.2 就会变得天马行空。</translation>
    </message>
    <message>
        <source>How many new tokens (characters, for a character tokenizer) each model writes at most.</source>
        <translation>每个模型最多写多少个新词元（对于字符级分词器，就是多少个字符）。</translation>
    </message>
    <message>
        <source>Write with each</source>
        <translation>让每个模型各写一段</translation>
    </message>
    <message>
        <source>Each ticked model writes, one after the other, from the same prompt and seed. Same prompt and same seed: differences come from the models, not from luck.</source>
        <translation>勾选的模型会从相同的提示词和随机种子出发，一个接一个地写。提示词和随机种子都相同：差异来自模型本身，而不是运气。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop writing now; the columns already written stay.</source>
        <translation>立即停止写作；已经写好的栏会保留。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Max new tokens</source>
        <translation>最大新词元数</translation>
    </message>
    <message>
        <source>Tick projects above: each gets a column here.</source>
        <translation>在上方勾选项目：每个项目会在这里占一栏。</translation>
    </message>
    <message>
        <source>Tick two or more trained projects. Their losses share the plot, and each one writes from the same prompt. On the same text, the lower curve is the model that learnt it better.</source>
        <translation>勾选两个或更多训练好的项目。它们的损失画在同一张图上，并且每个模型都从同一个提示开始写。学的是同一段文本时，曲线越低的模型学得越好。</translation>
    </message>
    <message>
        <source>Write with each model</source>
        <translation>让每个模型各写一段</translation>
    </message>
    <message>
        <source>{name}: {summary}. Tick to compare it.</source>
        <translation>{name}：{summary}。勾选它来参与比较。</translation>
    </message>
    <message>
        <source>cannot be opened</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <source>This project cannot be opened.</source>
        <translation>无法打开这个项目。</translation>
    </message>
    <message>
        <source>not trained yet</source>
        <translation>尚未训练</translation>
    </message>
    <message>
        <source>This project has no trained model yet: train it first, then it can be compared.</source>
        <translation>这个项目还没有训练好的模型：先训练它，之后就可以参与比较了。</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>Train at least two projects to compare them.</source>
        <translation>至少要训练两个项目才能进行比较。</translation>
    </message>
    <message>
        <source>Tick at least two projects to compare them.</source>
        <translation>至少要勾选两个项目才能进行比较。</translation>
    </message>
    <message>
        <source>Comparing {count} projects.</source>
        <translation>正在比较 {count} 个项目。</translation>
    </message>
    <message>
        <source>These projects learn from different texts: a lower loss can mean an easier text, not a better model. The curves say which model learnt more only for the same text; compare what they write instead.</source>
        <translation>这些项目学的是不同的文本：损失更低可能只是文本更容易，而不是模型更好。只有学同一段文本时，曲线才能说明哪个模型学得更多；请改为比较它们写出的文字。</translation>
    </message>
    <message>
        <source>These projects cut text into different kinds of tokens ({kinds}), so one loss counts letters and another whole pieces: compare their written text rather than the height of their curves.</source>
        <translation>这些项目把文本切分成不同种类的词元（{kinds}），所以有的损失按字母计算，有的按整块计算：请比较它们写出的文本，而不是曲线的高低。</translation>
    </message>
    <message>
        <source>Ticked after the models started writing: press “Write with each” again to include it.</source>
        <translation>在模型开始写之后才勾选：再按一次“让每个模型各写一段”就能把它加进来。</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写…</translation>
    </message>
    <message>
        <source>Waiting for its turn…</source>
        <translation>正在排队等待…</translation>
    </message>
    <message>
        <source>Writing with {name} ({index} of {total})…</source>
        <translation>正在用 {name} 写（第 {index} 个，共 {total} 个）…</translation>
    </message>
    <message>
        <source>Stopped before this model wrote.</source>
        <translation>在这个模型开始写之前就已停止。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Done: {written} of {total} models wrote.</source>
        <translation>完成：{total} 个模型中有 {written} 个写出了文字。</translation>
    </message>
</context>
<context>
    <name>CorpusEditor</name>
    <message>
        <source>Type or paste the text the model should learn from, open a text file, or drop one here.</source>
        <translation>输入或粘贴模型要学习的文本，打开一个文本文件，或把文件拖到这里。</translation>
    </message>
    <message>
        <source>The text the model learns from. Drop a .txt or .md file here to use it.</source>
        <translation>模型学习的文本。把 .txt 或 .md 文件拖到这里即可使用。</translation>
    </message>
</context>
<context>
    <name>CorpusNotes</name>
    <message>
        <source>one continuous text</source>
        <translation>一整段连续文本</translation>
    </message>
    <message>
        <source>one example per line</source>
        <translation>每行一个样本</translation>
    </message>
    <message>
        <source>one example per block</source>
        <translation>每块一个样本</translation>
    </message>
    <message>
        <source>conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Window {number}: what the model reads at once (the context), from anywhere in the text:</source>
        <translation>窗口 {number}：模型一次读到的内容（上下文），可取自文本任意位置：</translation>
    </message>
    <message>
        <source>The model learns each example on its own, from {start} on. {cut}: the context ({block} tokens) ends before the example does, and the rest is not learnt: these examples never show the model where one ends.</source>
        <translation>模型把每个样本单独学习，从 {start} 开始。{cut}：上下文（{block} 个词元）在样本结束之前就到头了，其余部分学不到：这些样本从不让模型看到一个样本在哪里结束。</translation>
    </message>
    <message>
        <source>The model learns each example on its own, from {start} to {end}: it writes whole examples and stops at the end of one. {cut}: the context ({block} tokens) ends before the example does, and the rest is not learnt.</source>
        <translation>模型把每个样本单独学习，从 {start} 到 {end}：它会写出完整的样本，并在一个样本结束处停下。{cut}：上下文（{block} 个词元）在样本结束之前就到头了，其余部分不会被学习。</translation>
    </message>
    <message>
        <source>Conversation {number}:</source>
        <translation>对话 {number}：</translation>
    </message>
    <message>
        <source>(cut here: longer than the context)</source>
        <translation>（在此截断：比上下文长）</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background:#c9efc9&apos;&gt;Green&lt;/span&gt;: what the model learns to write, the assistant&apos;s words and the end of each of its turns. The rest (the user&apos;s words, the system line, the turn markers in blue) it reads but is never trained to write. In the Chat tab it writes the assistant&apos;s turn and stops at its end.</source>
        <translation>&lt;span style=&apos;background:#c9efc9&apos;&gt;绿色&lt;/span&gt;：模型学着写的部分，即助手说的话和它每个轮次的结束记号。其余部分（用户的话、系统设定、蓝色的轮次记号）模型只读不学写。在“对话”页里，它写助手的轮次，写到结束记号就停下。</translation>
    </message>
    <message>
        <source>Example {number}:</source>
        <translation>样本 {number}：</translation>
    </message>
</context>
<context>
    <name>CorpusTab</name>
    <message>
        <source>The statistics could not be computed ({error}).</source>
        <translation>无法计算统计信息（{error}）。</translation>
    </message>
    <message>
        <source>{name} was not used. {error}</source>
        <translation>未使用 {name}。{error}</translation>
    </message>
    <message>
        <source>{name} could not be read ({error}).</source>
        <translation>无法读取 {name}（{error}）。</translation>
    </message>
    <message>
        <source>{name} was not used: the computer ran out of memory reading it.</source>
        <translation>未使用 {name}：读取它时电脑内存不足。</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Live statistics of the text, for the tokenizer, data mode and context length chosen in Model &amp; Training settings.</source>
        <translation>文本的实时统计，按照“模型与训练设置”中选择的分词器、数据模式和上下文长度计算。</translation>
    </message>
    <message>
        <source>Open text file…</source>
        <translation>打开文本文件…</translation>
    </message>
    <message>
        <source>Replace the text with the text of a .txt or .md file.</source>
        <translation>用 .txt 或 .md 文件中的文本替换当前文本。</translation>
    </message>
    <message>
        <source>Append file…</source>
        <translation>追加文件…</translation>
    </message>
    <message>
        <source>Add the text of a file at the end.</source>
        <translation>把某个文件的文本添加到末尾。</translation>
    </message>
    <message>
        <source>Demo corpora</source>
        <translation>示例语料</translation>
    </message>
    <message>
        <source>Replace the text with one of the demo texts that come with GPT Studio.</source>
        <translation>用 GPT Studio 自带的某个示例文本替换当前文本。</translation>
    </message>
    <message>
        <source>Find and replace…</source>
        <translation>查找和替换…</translation>
    </message>
    <message>
        <source>Find text in the corpus (Ctrl+F), and replace it (Ctrl+H).</source>
        <translation>在语料中查找文字（Ctrl+F），并替换（Ctrl+H）。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo the last change to the text (Ctrl+Z).</source>
        <translation>撤销对文本的上一次修改（Ctrl+Z）。</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Redo what was undone (Ctrl+Shift+Z).</source>
        <translation>重做刚才撤销的操作（Ctrl+Shift+Z）。</translation>
    </message>
    <message>
        <source>It is all in the last {share:.0%} of the text, which is kept aside to check the model: the model is checked on it, not taught it. To teach it this text too, move it up, before that last part.</source>
        <translation>它全部位于文本最后的 {share:.0%} 中，这一部分留作检验模型之用：模型会用它来检验，而不会从中学习。若也想让模型学习这段文本，请把它移到前面，放在最后这一部分之前。</translation>
    </message>
    <message>
        <source>Appended {name} ({characters:,} characters).</source>
        <translation>已追加 {name}（{characters:,} 个字符）。</translation>
    </message>
    <message>
        <source>Opened {name} ({characters:,} characters).</source>
        <translation>已打开 {name}（{characters:,} 个字符）。</translation>
    </message>
    <message>
        <source>Opening the text… {done:.0%}</source>
        <translation>正在打开文本… {done:.0%}</translation>
    </message>
    <message>
        <source>Opening {name}… {done:.0%}</source>
        <translation>正在打开 {name}… {done:.0%}</translation>
    </message>
    <message>
        <source>Opening the text…</source>
        <translation>正在打开文本…</translation>
    </message>
    <message>
        <source>Opening {name}…</source>
        <translation>正在打开 {name}…</translation>
    </message>
    <message>
        <source>Training is running: the model learns from the text as it was when training started. Change the text once training has stopped (Stop saves the model).</source>
        <translation>训练正在进行：模型学习的是开始训练时的文本。请在训练停止后再修改文本（“停止”会保存模型）。</translation>
    </message>
    <message>
        <source>{name} was not used. {why}</source>
        <translation>未使用 {name}。{why}</translation>
    </message>
    <message>
        <source>Replace the text?</source>
        <translation>要替换文本吗？</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Wait until the text is open, then try {name} again.</source>
        <translation>请等文本打开后，再试一次 {name}。</translation>
    </message>
    <message>
        <source>Wait until {busy} is open, then try {name} again.</source>
        <translation>请等 {busy} 打开后，再试一次 {name}。</translation>
    </message>
    <message>
        <source>Replace the current text with the file {name}? Undo brings it back.</source>
        <translation>要用文件 {name} 替换当前文本吗？可以用“撤销”恢复。</translation>
    </message>
    <message>
        <source>Read {name} again as {encoding}. Undo brings the previous text back.</source>
        <translation>已按 {encoding} 重新读取 {name}。撤销可恢复之前的文本。</translation>
    </message>
    <message>
        <source>Removed {count:,} characters that are not text. Undo brings them back.</source>
        <translation>已删除 {count:,} 个非文本字符。撤销可恢复它们。</translation>
    </message>
    <message>
        <source>There is no demo text called {key}.</source>
        <translation>没有名为 {key} 的示例文本。</translation>
    </message>
    <message>
        <source>Replace the current text with the demo text “{title}”? Undo brings it back.</source>
        <translation>要用示例文本“{title}”替换当前文本吗？可以用“撤销”恢复。</translation>
    </message>
    <message>
        <source>Open a text file</source>
        <translation>打开文本文件</translation>
    </message>
    <message>
        <source>Append a text file</source>
        <translation>追加文本文件</translation>
    </message>
    <message>
        <source>&lt;b&gt;{characters:,}&lt;/b&gt; characters · &lt;b&gt;{words:,}&lt;/b&gt; words · &lt;b&gt;{lines:,}&lt;/b&gt; lines · &lt;b&gt;{distinct:,}&lt;/b&gt; different characters</source>
        <translation>&lt;b&gt;{characters:,}&lt;/b&gt; 个字符 · &lt;b&gt;{words:,}&lt;/b&gt; 个词 · &lt;b&gt;{lines:,}&lt;/b&gt; 行 · &lt;b&gt;{distinct:,}&lt;/b&gt; 种不同字符</translation>
    </message>
    <message>
        <source>&lt;b&gt;{characters:,}&lt;/b&gt; characters · &lt;b&gt;{lines:,}&lt;/b&gt; lines · &lt;b&gt;{distinct:,}&lt;/b&gt; different characters</source>
        <translation>&lt;b&gt;{characters:,}&lt;/b&gt; 个字符 · &lt;b&gt;{lines:,}&lt;/b&gt; 行 · &lt;b&gt;{distinct:,}&lt;/b&gt; 种不同字符</translation>
    </message>
    <message>
        <source>&lt;b&gt;{tokens:,}&lt;/b&gt; tokens with the {tokenizer} tokenizer, a vocabulary of &lt;b&gt;{vocab:,}&lt;/b&gt; (its start, end and padding markers included)</source>
        <translation>使用{tokenizer}分词器得到 &lt;b&gt;{tokens:,}&lt;/b&gt; 个词元，词表大小 &lt;b&gt;{vocab:,}&lt;/b&gt;（含开始、结束和填充标记）</translation>
    </message>
    <message>
        <source>One example per conversation, with its turn markers: training on &lt;b&gt;{train:,}&lt;/b&gt; tokens ({train_examples:,} conversations), checking on &lt;b&gt;{val:,}&lt;/b&gt; ({val_examples:,} conversations) kept aside</source>
        <translation>每段对话一个样本，连同它的轮次标记：其中 &lt;b&gt;{train:,}&lt;/b&gt; 个词元用于训练（{train_examples:,} 段对话），&lt;b&gt;{val:,}&lt;/b&gt; 个留作检验（{val_examples:,} 段对话）</translation>
    </message>
    <message>
        <source>One example per line: the {examples:,} lines hold &lt;b&gt;{text:,}&lt;/b&gt; tokens (the line breaks between them belong to none), + &lt;b&gt;{markers:,}&lt;/b&gt; start and end markers{cut} = &lt;b&gt;{total:,}&lt;/b&gt;: training on &lt;b&gt;{train:,}&lt;/b&gt; ({train_examples:,} lines), checking on &lt;b&gt;{val:,}&lt;/b&gt; ({val_examples:,} lines) kept aside</source>
        <translation>每行一个样本：这 {examples:,} 行共有 &lt;b&gt;{text:,}&lt;/b&gt; 个词元（行与行之间的换行不属于任何样本），加上 &lt;b&gt;{markers:,}&lt;/b&gt; 个开始和结束标记{cut}，合计 &lt;b&gt;{total:,}&lt;/b&gt;：其中 &lt;b&gt;{train:,}&lt;/b&gt; 个用于训练（{train_examples:,} 行），&lt;b&gt;{val:,}&lt;/b&gt; 个留作检验（{val_examples:,} 行）</translation>
    </message>
    <message>
        <source>One example per block: the {examples:,} blocks hold &lt;b&gt;{text:,}&lt;/b&gt; tokens (the lines that separate them belong to none), + &lt;b&gt;{markers:,}&lt;/b&gt; start and end markers{cut} = &lt;b&gt;{total:,}&lt;/b&gt;: training on &lt;b&gt;{train:,}&lt;/b&gt; ({train_examples:,} blocks), checking on &lt;b&gt;{val:,}&lt;/b&gt; ({val_examples:,} blocks) kept aside</source>
        <translation>每块一个样本：这 {examples:,} 块共有 &lt;b&gt;{text:,}&lt;/b&gt; 个词元（块与块之间的分隔行不属于任何样本），加上 &lt;b&gt;{markers:,}&lt;/b&gt; 个开始和结束标记{cut}，合计 &lt;b&gt;{total:,}&lt;/b&gt;：其中 &lt;b&gt;{train:,}&lt;/b&gt; 个用于训练（{train_examples:,} 块），&lt;b&gt;{val:,}&lt;/b&gt; 个留作检验（{val_examples:,} 块）</translation>
    </message>
    <message>
        <source> − &lt;b&gt;{cut:,}&lt;/b&gt; cut off the {count:,} examples longer than the context ({block_size} tokens)</source>
        <translation>，减去 {count:,} 个超出上下文长度（{block_size} 个词元）的样本被截掉的 &lt;b&gt;{cut:,}&lt;/b&gt; 个</translation>
    </message>
    <message>
        <source>One example per line: the {examples:,} lines hold &lt;b&gt;{text:,}&lt;/b&gt; tokens; what training reads of them is counted once Automatic settings have chosen the context</source>
        <translation>每行一个样本：这 {examples:,} 行共有 &lt;b&gt;{text:,}&lt;/b&gt; 个词元；训练会读取其中多少，要等自动设置选好上下文长度后再计算</translation>
    </message>
    <message>
        <source>One example per block: the {examples:,} blocks hold &lt;b&gt;{text:,}&lt;/b&gt; tokens; what training reads of them is counted once Automatic settings have chosen the context</source>
        <translation>每块一个样本：这 {examples:,} 块共有 &lt;b&gt;{text:,}&lt;/b&gt; 个词元；训练会读取其中多少，要等自动设置选好上下文长度后再计算</translation>
    </message>
    <message>
        <source>Training on the first &lt;b&gt;{train:,}&lt;/b&gt; of them, checking on the last &lt;b&gt;{val:,}&lt;/b&gt;, kept aside</source>
        <translation>前 &lt;b&gt;{train:,}&lt;/b&gt; 个用于训练，最后 &lt;b&gt;{val:,}&lt;/b&gt; 个留出来用于检验</translation>
    </message>
    <message>
        <source>&lt;b&gt;Warning:&lt;/b&gt; {problem}</source>
        <translation>&lt;b&gt;警告：&lt;/b&gt;{problem}</translation>
    </message>
</context>
<context>
    <name>DataFolder</name>
    <message>
        <source>{problem} Choose another folder to keep your projects in.</source>
        <translation>{problem}请另选一个文件夹来保存你的项目。</translation>
    </message>
    <message>
        <source>Choose a folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Pick a folder you can write in: GPT Studio keeps your projects there, now and at the next start.</source>
        <translation>选一个你可以写入的文件夹：GPT Studio 会把你的项目保存在那里，现在和下次启动时都是。</translation>
    </message>
    <message>
        <source>Choose a folder for your projects</source>
        <translation>为你的项目选择一个文件夹</translation>
    </message>
    <message>
        <source>GPT Studio keeps your projects in {folder} from now on.</source>
        <translation>从现在起，GPT Studio 会把你的项目保存在 {folder}。</translation>
    </message>
</context>
<context>
    <name>Demos</name>
    <message>
        <source>Press Train (F5). What to look for: {look_for} Then ask “{prompt}” on the Chat tab.</source>
        <translation>按“训练”（F5）。值得留意的是：{look_for}然后在“对话”页问一问“{prompt}”。</translation>
    </message>
    <message>
        <source>Press Train (F5). What to look for: {look_for} Then try the prompt “{prompt}” on the Generate tab.</source>
        <translation>按“训练”（F5）。值得留意的是：{look_for}然后在“生成”页试试提示词“{prompt}”。</translation>
    </message>
    <message>
        <source>Press Train (F5). What to look for: {look_for}</source>
        <translation>按“训练”（F5）。值得留意的是：{look_for}</translation>
    </message>
    <message>
        <source>Arithmetic (12+7=19)</source>
        <translation>算术（12+7=19）</translation>
    </message>
    <message>
        <source>3,000 sums like 12+7=19: watch the model discover the rule of addition.</source>
        <translation>3,000 道像 12+7=19 这样的加法题：看着模型自己发现加法的规则。</translation>
    </message>
    <message>
        <source>At first it writes random digits. After about 250 steps the answers have the right length; by 500 about half are right, and by 1,000 (about two minutes) nine in ten, even for sums that are not in the text.</source>
        <translation>一开始它写的是随机数字。大约 250 步后，答案的位数对了；到 500 步时约一半正确；到 1,000 步（约两分钟）时，十道能对九道，连文本中没有的算式也一样。</translation>
    </message>
    <message>
        <source>Made-up names</source>
        <translation>编造的名字</translation>
    </message>
    <message>
        <source>3,000 invented names: the model learns how names sound and invents new ones.</source>
        <translation>3,000 个虚构的名字：模型学会名字听起来是什么样的，并编出新名字。</translation>
    </message>
    <message>
        <source>At first it writes jumbles of letters. Within about 150 steps the names start with a capital, have a sensible length and syllables you can say, and they are new names, not ones from the list. Generate writes eight at a time.</source>
        <translation>一开始它写的是杂乱的字母。大约 150 步之内，名字就会以大写字母开头，长度合理，音节也念得出来，而且都是新名字，不是名单里的。“生成”一次写八个。</translation>
    </message>
    <message>
        <source>Sentences about programming</source>
        <translation>关于编程的句子</translation>
    </message>
    <message>
        <source>Short English sentences about code and AI: the model learns spelling, then grammar.</source>
        <translation>关于代码和 AI 的简短英文句子：模型先学会拼写，再学会语法。</translation>
    </message>
    <message>
        <source>First come random letters, then word-sized chunks with spaces. By about 300 steps many words and short phrases are right (“without any help”); by the end most sentences read like the blog.</source>
        <translation>先是随机字母，然后是用空格隔开、像单词一样长的片段。大约 300 步时，很多单词和短语已经正确（比如“without any help”）；到最后，大多数句子读起来都像那个博客里的。</translation>
    </message>
    <message>
        <source>Chinese sentences</source>
        <translation>中文句子</translation>
    </message>
    <message>
        <source>Simple Chinese sentences with emoji: any language and any character works.</source>
        <translation>带表情符号的简单中文句子：任何语言、任何字符都可以。</translation>
    </message>
    <message>
        <source>Each character is one token. At step 25 it is a jumble of the text&apos;s characters; by step 50 it has full stops and common word pairs; by step 100 most sentences are grammatical and end with the text&apos;s emoji. About 30 seconds on 2 cores.</source>
        <translation>每个字就是一个词元。第 25 步时还是文本里各种字的杂乱拼凑；到第 50 步，已经会用句号，也会写出常见的词语搭配；到第 100 步，大多数句子都通顺了，结尾还会带上文本里的表情符号。在双核电脑上大约 30 秒。</translation>
    </message>
    <message>
        <source>Corner shop assistant (a chat)</source>
        <translation>小店店员（对话）</translation>
    </message>
    <message>
        <source>1,500 short conversations with a shop&apos;s assistant: the model learns to answer questions about prices, aisles and hours.</source>
        <translation>1,500 段和小店店员的简短英文对话：模型学着回答价格、货架和营业时间的问题。</translation>
    </message>
    <message>
        <source>At first the answers are letter soup. By step 200 the words are right and the numbers wrong (“The apples cost 5 dollars each.”); by step 300 nearly all held-out questions are answered exactly right. The 400 steps took 15 minutes on 2 busy CPU cores.</source>
        <translation>一开始，回答是一堆乱字母。到第 200 步，词都对了，数字还不对（比如把苹果的价格说错）；到第 300 步，留出的问题几乎全都答得一字不差。在 2 个繁忙的 CPU 核心上，400 步用了 15 分钟。</translation>
    </message>
    <message>
        <source>Fruit stand assistant (a chat in Chinese)</source>
        <translation>水果摊老板（中文对话）</translation>
    </message>
    <message>
        <source>1,500 short Chinese conversations at a fruit stand: the model learns to answer what the fruit costs and what there is.</source>
        <translation>1,500 段水果摊上的简短中文对话：模型学着回答水果多少钱、有没有卖。</translation>
    </message>
    <message>
        <source>By step 50 seven held-out questions in ten are answered exactly right; by step 100 all. It learnt the shapes of the text&apos;s conversations too: after a greeting it expects one question, not two. The 400 steps took 8 minutes on 2 busy CPU cores.</source>
        <translation>到第 50 步，留出的问题十个能答对七个；到第 100 步全部答对。它也学会了文本里对话的样子：打过招呼之后，它只等一个问题，而不是两个。在 2 个繁忙的 CPU 核心上，400 步用了 8 分钟。</translation>
    </message>
</context>
<context>
    <name>DeviceName</name>
    <message>
        <source>the graphics card (CUDA)</source>
        <translation>显卡（CUDA）</translation>
    </message>
    <message>
        <source>the Apple GPU (MPS)</source>
        <translation>Apple GPU（MPS）</translation>
    </message>
    <message>
        <source>the processor (CPU)</source>
        <translation>处理器（CPU）</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Text files (*.txt *.md *.text *.csv *.tsv *.json *.jsonl *.srt *.vtt *.sub *.log *.html *.htm *.xml *.rst *.tex);;All files (*)</source>
        <translation>文本文件 (*.txt *.md *.text *.csv *.tsv *.json *.jsonl *.srt *.vtt *.sub *.log *.html *.htm *.xml *.rst *.tex);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>EmbeddingView</name>
    <message>
        <source>Train the model first: then this map shows where it has put each token.</source>
        <translation>请先训练模型：之后这张图会显示模型把每个词元放在了哪里。</translation>
    </message>
    <message>
        <source>Each token is a point in a space with many dimensions, where the model keeps what it has learned about it (its &lt;i&gt;embedding&lt;/i&gt;). This map flattens that space onto the page, keeping the two directions in which the tokens differ most. Tokens the model uses in similar ways end up close together. Early in training the map is a random cloud; as the model learns, vowels, digits and punctuation drift into groups. Only the positions relative to each other mean something: the axes have no units.</source>
        <translation>每个词元都是一个多维空间中的点，模型把它对这个词元学到的东西保存在那里（即它的&lt;i&gt;嵌入&lt;/i&gt;）。这张图把那个空间压平到页面上，只保留词元之间差异最大的两个方向。模型用法相似的词元会彼此靠近。训练初期，这张图是一团随机的点；随着模型学习，元音、数字和标点会逐渐各自聚成一群。只有点与点之间的相对位置才有意义：坐标轴没有单位。</translation>
    </message>
    <message>
        <source>Each character is a point in a space with many dimensions, where the model keeps what it has learned about it (its &lt;i&gt;embedding&lt;/i&gt;). This map flattens that space onto the page, keeping the two directions in which the characters differ most. Characters the model uses in similar ways end up close together. Early in training the map is a random cloud; as the model learns, characters used in similar places drift together: punctuation marks, digits, characters that often stand side by side. Only the positions relative to each other mean something: the axes have no units.</source>
        <translation>每个字符都是一个多维空间中的点，模型把它对这个字符学到的东西保存在那里（即它的&lt;i&gt;嵌入&lt;/i&gt;）。这张图把那个空间压平到页面上，只保留字符之间差异最大的两个方向。模型用法相似的字符会彼此靠近。训练初期，这张图是一团随机的点；随着模型学习，用在相似位置的字符会逐渐聚到一起：标点、数字、常常挨在一起出现的字。只有点与点之间的相对位置才有意义：坐标轴没有单位。</translation>
    </message>
    <message>
        <source>Each word is a point in a space with many dimensions, where the model keeps what it has learned about it (its &lt;i&gt;embedding&lt;/i&gt;). This map flattens that space onto the page, keeping the two directions in which the words differ most. Words the model uses in similar ways end up close together. Early in training the map is a random cloud; as the model learns, words that do the same job in a sentence drift together, and punctuation with them. Only the positions relative to each other mean something: the axes have no units.</source>
        <translation>每个词都是一个多维空间中的点，模型把它对这个词学到的东西保存在那里（即它的&lt;i&gt;嵌入&lt;/i&gt;）。这张图把那个空间压平到页面上，只保留词之间差异最大的两个方向。模型用法相似的词会彼此靠近。训练初期，这张图是一团随机的点；随着模型学习，在句子里起相同作用的词会逐渐聚到一起，标点也一样。只有点与点之间的相对位置才有意义：坐标轴没有单位。</translation>
    </message>
    <message>
        <source>Each token, a word or a piece of one, is a point in a space with many dimensions, where the model keeps what it has learned about it (its &lt;i&gt;embedding&lt;/i&gt;). This map flattens that space onto the page, keeping the two directions in which the tokens differ most. Tokens the model uses in similar ways end up close together. Early in training the map is a random cloud; as the model learns, pieces that do the same job (word endings, punctuation, words that can replace each other) drift together. Only the positions relative to each other mean something: the axes have no units.</source>
        <translation>每个词元（一个词或词的一部分）都是一个多维空间中的点，模型把它对这个词元学到的东西保存在那里（即它的&lt;i&gt;嵌入&lt;/i&gt;）。这张图把那个空间压平到页面上，只保留词元之间差异最大的两个方向。模型用法相似的词元会彼此靠近。训练初期，这张图是一团随机的点；随着模型学习，起相同作用的片段（词尾、标点、可以互相替换的词）会逐渐聚到一起。只有点与点之间的相对位置才有意义：坐标轴没有单位。</translation>
    </message>
    <message>
        <source>The colour of a token says how often your text uses it, against the other tokens on the map; punctuation, digits and spaces have colours of their own.</source>
        <translation>词元的颜色表示你的文本用它用得多频繁（和图上的其他词元相比）；标点、数字和空白各有自己的颜色。</translation>
    </message>
    <message>
        <source>vowels</source>
        <translation>元音</translation>
    </message>
    <message>
        <source>consonants</source>
        <translation>辅音</translation>
    </message>
    <message>
        <source>the most used third</source>
        <translation>最常用的三分之一</translation>
    </message>
    <message>
        <source>the middle third</source>
        <translation>中间的三分之一</translation>
    </message>
    <message>
        <source>the least used third</source>
        <translation>最少用的三分之一</translation>
    </message>
    <message>
        <source>digits</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>punctuation and symbols</source>
        <translation>标点和符号</translation>
    </message>
    <message>
        <source>spaces and line breaks</source>
        <translation>空格和换行</translation>
    </message>
    <message>
        <source>other characters</source>
        <translation>其他字符</translation>
    </message>
    <message>
        <source>Drag to move the map, scroll to zoom. Tokens close together are ones the model treats alike; point at a dot to read its token.</source>
        <translation>拖动可以移动这张图，滚动滚轮可以缩放。靠得近的词元是模型用法相近的词元；把鼠标指向一个小点，就能看到它是哪个词元。</translation>
    </message>
    <message>
        <source>The colour of a token says what kind of character it starts with.</source>
        <translation>词元的颜色表示它以哪类字符开头。</translation>
    </message>
    <message>
        <source>direction of most difference ({share:.0%} of it)</source>
        <translation>差异最大的方向（占 {share:.0%}）</translation>
    </message>
    <message>
        <source>next most ({share:.0%})</source>
        <translation>差异次大的方向（占 {share:.0%}）</translation>
    </message>
    <message>
        <source>Showing {count:,} tokens.</source>
        <translation>显示了 {count:,} 个词元。</translation>
    </message>
    <message>
        <source>Showing the {count:,} tokens most used in your text, of {vocabulary:,} (more would be unreadable).</source>
        <translation>显示了你的文本中最常用的 {count:,} 个词元，共 {vocabulary:,} 个（再多就看不清了）。</translation>
    </message>
    <message>
        <source>Showing the {count:,} tokens first in the vocabulary, of {vocabulary:,} (more would be unreadable).</source>
        <translation>显示了词表中靠前的 {count:,} 个词元，共 {vocabulary:,} 个（再多就看不清了）。</translation>
    </message>
    <message>
        <source>The {count:,} most used are written out; the others are dots (point at one to read it).</source>
        <translation>最常用的 {count:,} 个写出了文字；其余的画成小点（把鼠标指向它就能看到）。</translation>
    </message>
    <message>
        <source>{showing} The markers for start, end and padding are left out. The two directions together hold {share:.0%} of the differences between the tokens; the rest cannot be drawn on a flat page.</source>
        <translation>{showing}开始、结束和填充标记没有显示。这两个方向合起来占词元之间差异的 {share:.0%}；其余部分无法在平面上画出来。</translation>
    </message>
</context>
<context>
    <name>Engine</name>
    <message>
        <source>The checkpoint {folder} is damaged ({detail}).</source>
        <translation>检查点 {folder} 已损坏（{detail}）。</translation>
    </message>
    <message>
        <source>The checkpoint {folder} is damaged (no step recorded).</source>
        <translation>检查点 {folder} 已损坏（没有记录步数）。</translation>
    </message>
    <message>
        <source>its format version is not a number</source>
        <translation>其格式版本号不是数字</translation>
    </message>
    <message>
        <source>The checkpoint {folder} was written by a newer GPT Studio; update the app to open it.</source>
        <translation>检查点 {folder} 是由更新版本的 GPT Studio 保存的；请更新应用后再打开它。</translation>
    </message>
    <message>
        <source>its settings are not readable</source>
        <translation>其设置无法读取</translation>
    </message>
    <message>
        <source>its loss history is not readable</source>
        <translation>其损失历史无法读取</translation>
    </message>
    <message>
        <source>its model settings are not readable</source>
        <translation>其模型设置无法读取</translation>
    </message>
    <message>
        <source>its settings describe a larger model than its weights file holds</source>
        <translation>其设置描述的模型比权重文件里存的更大</translation>
    </message>
    <message>
        <source>The checkpoint {folder} is damaged: {why}.</source>
        <translation>检查点 {folder} 已损坏：{why}。</translation>
    </message>
    <message>
        <source>its optimizer or random state cannot be restored ({detail})</source>
        <translation>其优化器或随机状态无法恢复（{detail}）</translation>
    </message>
    <message>
        <source>its weights do not fit the model its settings describe (first mismatch: {tensor})</source>
        <translation>其权重与设置所描述的模型不相符（第一处不匹配：{tensor}）</translation>
    </message>
    <message>
        <source>its LoRA adapter has no settings</source>
        <translation>其 LoRA 适配器没有设置</translation>
    </message>
    <message>
        <source>its LoRA adapter does not fit the model (first mismatch: {tensor})</source>
        <translation>其 LoRA 适配器与模型不符（第一个不符的是：{tensor}）</translation>
    </message>
    <message>
        <source>The checkpoint file {folder}/{file} is damaged ({detail}).</source>
        <translation>检查点文件 {folder}/{file} 已损坏（{detail}）。</translation>
    </message>
    <message>
        <source>The checkpoint has no optimizer settings; it cannot be resumed.</source>
        <translation>这个检查点没有优化器设置，无法从它继续训练。</translation>
    </message>
    <message>
        <source>The tokenizer must be one of {choices}.</source>
        <translation>分词器必须是以下之一：{choices}。</translation>
    </message>
    <message>
        <source>The BPE vocabulary size must be between 260 and 65,536 tokens.</source>
        <translation>BPE 词表大小必须在 260 到 65,536 个词元之间。</translation>
    </message>
    <message>
        <source>The validation share must be between 0.1% and 49.9%.</source>
        <translation>验证集比例必须在 0.1% 到 49.9% 之间。</translation>
    </message>
    <message>
        <source>The vocabulary size must be between {low} and {high} tokens.</source>
        <translation>词表大小必须在 {low} 到 {high} 个词元之间。</translation>
    </message>
    <message>
        <source>The context length must be between {low} and {high} tokens.</source>
        <translation>上下文长度必须在 {low} 到 {high} 个词元之间。</translation>
    </message>
    <message>
        <source>The number of layers must be between {low} and {high}.</source>
        <translation>层数必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>The number of heads must be between {low} and {high}.</source>
        <translation>注意力头数必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>The embedding size must be between {low} and {high}.</source>
        <translation>嵌入大小必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>Dropout must be between {low} and {high}.</source>
        <translation>Dropout 必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>The batch size must be between {low} and {high}.</source>
        <translation>批大小必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>The learning rate must be between {low} and {high} (try 0.001).</source>
        <translation>学习率必须在 {low} 到 {high} 之间（可以试试 0.001）。</translation>
    </message>
    <message>
        <source>The final learning-rate ratio must be between {low} and {high}.</source>
        <translation>最终学习率比例必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>Warm-up steps must be between {low} and {high}.</source>
        <translation>预热步数必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>The number of training steps must be between {low} and {high}.</source>
        <translation>训练步数必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>The end of the learning-rate schedule must be between {low} and {high} steps (0 = at the last step).</source>
        <translation>学习率计划的终点必须在 {low} 到 {high} 步之间（0 = 在最后一步结束）。</translation>
    </message>
    <message>
        <source>Early stopping takes {low} (off) to {high} checks without improvement.</source>
        <translation>提前停止的检查次数须在 {low}（关闭）到 {high} 之间。</translation>
    </message>
    <message>
        <source>The evaluation interval must be between {low} and {high} steps.</source>
        <translation>评估间隔必须在 {low} 到 {high} 步之间。</translation>
    </message>
    <message>
        <source>Evaluation must average between {low} and {high} batches.</source>
        <translation>每次评估平均的批次数必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>Weight decay must be between {low} and {high}.</source>
        <translation>权重衰减必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>Adam beta 1 must be between {low} and {high}.</source>
        <translation>Adam beta 1 必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>Adam beta 2 must be between {low} and {high}.</source>
        <translation>Adam beta 2 必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>Gradient clipping must be between {low} and {high} (0 turns it off).</source>
        <translation>梯度裁剪必须在 {low} 到 {high} 之间（0 表示关闭）。</translation>
    </message>
    <message>
        <source>The seed must be a whole number from {low} to {high}.</source>
        <translation>随机种子必须是 {low} 到 {high} 之间的整数。</translation>
    </message>
    <message>
        <source>The sample length must be between {low} and {high} tokens.</source>
        <translation>样本长度必须在 {low} 到 {high} 个词元之间。</translation>
    </message>
    <message>
        <source>The number of CPU threads must be between {low} and {high} (0 = automatic).</source>
        <translation>CPU 线程数必须在 {low} 到 {high} 之间（0 = 自动）。</translation>
    </message>
    <message>
        <source>The LoRA rank must be from {low} (all weights learn) to {high}.</source>
        <translation>LoRA 秩必须在 {low}（所有权重都学习）到 {high} 之间。</translation>
    </message>
    <message>
        <source>The temperature must be between {low} and {high} (0 = always the likeliest token).</source>
        <translation>温度必须在 {low} 到 {high} 之间（0 = 总是选最可能的词元）。</translation>
    </message>
    <message>
        <source>Top-k must be between {low} and {high} (0 turns it off).</source>
        <translation>Top-k 必须在 {low} 到 {high} 之间（0 表示关闭）。</translation>
    </message>
    <message>
        <source>Top-p must be between {low} and {high} (1 turns it off).</source>
        <translation>Top-p 必须在 {low} 到 {high} 之间（1 表示关闭）。</translation>
    </message>
    <message>
        <source>Min-p must be between {low} and {high} (0 turns it off).</source>
        <translation>Min-p 必须在 {low} 到 {high} 之间（0 表示关闭）。</translation>
    </message>
    <message>
        <source>The repetition penalty must be between {low} and {high} (1 = off).</source>
        <translation>重复惩罚必须在 {low} 到 {high} 之间（1 = 关闭）。</translation>
    </message>
    <message>
        <source>The number of new tokens must be between {low} and {high}.</source>
        <translation>新词元数量必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>The number of samples must be between {low} and {high}.</source>
        <translation>样本数量必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>The number of alternatives must be between {low} and {high}.</source>
        <translation>候选项数量必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>The embedding size ({width}) must be a multiple of the number of heads ({heads}), for example {example}.</source>
        <translation>嵌入大小（{width}）必须是注意力头数（{heads}）的整数倍，例如 {example}。</translation>
    </message>
    <message>
        <source>The data mode must be &apos;continuous&apos;, &apos;lines&apos;, &apos;blocks&apos; or &apos;chat&apos;.</source>
        <translation>数据模式必须是“continuous”“lines”“blocks”或“chat”。</translation>
    </message>
    <message>
        <source>The activation must be one of {choices}.</source>
        <translation>激活函数必须是以下之一：{choices}。</translation>
    </message>
    <message>
        <source>The device must be one of {choices}.</source>
        <translation>设备必须是以下之一：{choices}。</translation>
    </message>
    <message>
        <source>The precision must be one of {choices}.</source>
        <translation>精度必须是以下之一：{choices}。</translation>
    </message>
    <message>
        <source>The optimizer must be one of {choices}.</source>
        <translation>优化器必须是以下之一：{choices}。</translation>
    </message>
    <message>
        <source>UTF-8 (most files today)</source>
        <translation>UTF-8（如今大多数文件）</translation>
    </message>
    <message>
        <source>UTF-16 (Windows “Unicode”)</source>
        <translation>UTF-16（Windows 的“Unicode”）</translation>
    </message>
    <message>
        <source>GB18030 / GBK (Simplified Chinese)</source>
        <translation>GB18030 / GBK（简体中文）</translation>
    </message>
    <message>
        <source>Big5 (Traditional Chinese)</source>
        <translation>Big5（繁体中文）</translation>
    </message>
    <message>
        <source>Shift-JIS (Japanese)</source>
        <translation>Shift-JIS（日文）</translation>
    </message>
    <message>
        <source>EUC-KR (Korean)</source>
        <translation>EUC-KR（韩文）</translation>
    </message>
    <message>
        <source>Windows-1252 (Western European)</source>
        <translation>Windows-1252（西欧语言）</translation>
    </message>
    <message>
        <source>Latin-1 (ISO 8859-1)</source>
        <translation>Latin-1（ISO 8859-1）</translation>
    </message>
    <message>
        <source>a PDF document</source>
        <translation>一个 PDF 文档</translation>
    </message>
    <message>
        <source>a PNG image</source>
        <translation>一张 PNG 图片</translation>
    </message>
    <message>
        <source>a JPEG image</source>
        <translation>一张 JPEG 图片</translation>
    </message>
    <message>
        <source>a GIF image</source>
        <translation>一张 GIF 图片</translation>
    </message>
    <message>
        <source>a zip archive (or a Word/Excel file)</source>
        <translation>一个 zip 压缩包（或者 Word/Excel 文件）</translation>
    </message>
    <message>
        <source>a gzip archive</source>
        <translation>一个 gzip 压缩包</translation>
    </message>
    <message>
        <source>a program</source>
        <translation>一个程序</translation>
    </message>
    <message>
        <source>a Windows program</source>
        <translation>一个 Windows 程序</translation>
    </message>
    <message>
        <source>an old Office document</source>
        <translation>一个旧版 Office 文档</translation>
    </message>
    <message>
        <source>a RAR archive</source>
        <translation>一个 RAR 压缩包</translation>
    </message>
    <message>
        <source>a 7-Zip archive</source>
        <translation>一个 7-Zip 压缩包</translation>
    </message>
    <message>
        <source>an MP3 file</source>
        <translation>一个 MP3 文件</translation>
    </message>
    <message>
        <source>a media file</source>
        <translation>一个媒体文件</translation>
    </message>
    <message>
        <source>This file is not text: it looks like {what}. Choose a plain text file (.txt or .md).</source>
        <translation>这个文件不是文本：它看起来是{what}。请选择一个纯文本文件（.txt 或 .md）。</translation>
    </message>
    <message>
        <source>This file is not text: it contains binary data. Choose a plain text file (.txt or .md).</source>
        <translation>这个文件不是文本：它包含二进制数据。请选择一个纯文本文件（.txt 或 .md）。</translation>
    </message>
    <message>
        <source>The corpus is empty: type or paste some text, or open a text file.</source>
        <translation>语料是空的：请输入或粘贴一些文本，或者打开一个文本文件。</translation>
    </message>
    <message>
        <source>The corpus holds only spaces and blank lines: add some text.</source>
        <translation>语料里只有空格和空行：请添加一些文本。</translation>
    </message>
    <message>
        <source>The corpus does not look like text (it holds many control or unreadable characters). Open a plain text file instead.</source>
        <translation>语料看起来不像文本（其中有很多控制字符或无法识别的字符）。请改为打开一个纯文本文件。</translation>
    </message>
    <message>
        <source>The text is a single character ({character}) repeated: a model trained on it can only learn to write that character again. Add varied text.</source>
        <translation>这段文本只是同一个字符（{character}）不断重复：用它训练的模型只能学会一遍遍地写这个字符。请加入更多样的文本。</translation>
    </message>
    <message>
        <source>Unknown data mode {mode}: choose one of {choices}.</source>
        <translation>未知的数据方式 {mode}：请从 {choices} 中选择。</translation>
    </message>
    <message>
        <source>The corpus is too short: it has {count:,} characters, and a context length of {block_size} with {share:.0%} kept for validation needs at least {minimum:,}. Add more text or lower the context length.</source>
        <translation>语料太短：它只有 {count:,} 个字符，而上下文长度为 {block_size}、并留出 {share:.0%} 用于验证时，至少需要 {minimum:,} 个字符。请添加更多文本，或减小上下文长度。</translation>
    </message>
    <message>
        <source>The corpus is too short: it has {count:,} tokens, and a context length of {block_size} with {share:.0%} kept for validation needs at least {minimum:,}. Add more text or lower the context length.</source>
        <translation>语料太短：它只有 {count:,} 个词元，而上下文长度为 {block_size}、并留出 {share:.0%} 用于验证时，至少需要 {minimum:,} 个词元。请添加更多文本，或减小上下文长度。</translation>
    </message>
    <message>
        <source>The corpus has {count} non-empty lines; with one example per line and {share:.0%} kept for validation it needs at least {minimum}. Add more lines or switch to continuous text.</source>
        <translation>语料只有 {count} 个非空行；每行一个例子、并留出 {share:.0%} 用于验证时，至少需要 {minimum} 行。请添加更多行，或改用连续文本。</translation>
    </message>
    <message>
        <source>The corpus has {count} blocks; with one example per block and {share:.0%} kept for validation it needs at least {minimum}. Add more blocks (separated by blank lines) or switch to continuous text.</source>
        <translation>语料只有 {count} 块；每块一个样本、留出 {share:.0%} 用于验证时，至少需要 {minimum} 块。请添加更多块（用空行分隔），或改为连续文本。</translation>
    </message>
    <message>
        <source>No CUDA graphics card is available here; choose &apos;auto&apos; or &apos;cpu&apos;.</source>
        <translation>这里没有可用的 CUDA 显卡；请选择 &apos;auto&apos; 或 &apos;cpu&apos;。</translation>
    </message>
    <message>
        <source>Apple&apos;s MPS graphics is not available here; choose &apos;auto&apos; or &apos;cpu&apos;.</source>
        <translation>这里无法使用 Apple 的 MPS 图形加速；请选择 &apos;auto&apos; 或 &apos;cpu&apos;。</translation>
    </message>
    <message>
        <source>Unknown device {device}: choose auto, cpu, cuda or mps.</source>
        <translation>未知的设备 {device}：请选择 auto、cpu、cuda 或 mps。</translation>
    </message>
    <message>
        <source>bf16 is not supported on {device}; choose auto or fp32.</source>
        <translation>{device} 不支持 bf16；请选择 auto 或 fp32。</translation>
    </message>
    <message>
        <source>The batch size ({batch_size}) must be a multiple of the number of processes ({processes}) to train on several devices.</source>
        <translation>要在多个设备上训练，批大小（{batch_size}）必须是进程数（{processes}）的整数倍。</translation>
    </message>
    <message>
        <source>With this file appended the text would be just over {most}; GPT Studio works with corpora up to {most}. Use a part of it.</source>
        <translation>加上这个文件后，文本会略超过 {most}；GPT Studio 能处理的语料最多为 {most}。请只使用其中一部分。</translation>
    </message>
    <message>
        <source>With this file appended the text would be {size}; GPT Studio works with corpora up to {most}. Use a part of it.</source>
        <translation>加上这个文件后，文本会达到 {size}；GPT Studio 能处理的语料最多为 {most}。请只使用其中一部分。</translation>
    </message>
    <message>
        <source>This file is just over {most}; GPT Studio works with corpora up to {most}. Use a part of it.</source>
        <translation>这个文件略超过 {most}；GPT Studio 能处理的语料最多为 {most}。请只使用其中一部分。</translation>
    </message>
    <message>
        <source>This file is {size}; GPT Studio works with corpora up to {most}. Use a part of it.</source>
        <translation>这个文件有 {size}；GPT Studio 能处理的语料最多为 {most}。请只使用其中一部分。</translation>
    </message>
    <message>
        <source>space</source>
        <translation>空格</translation>
    </message>
    <message>
        <source>new line</source>
        <translation>换行符</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>carriage return</source>
        <translation>回车符</translation>
    </message>
    <message>
        <source>no-break space</source>
        <translation>不换行空格</translation>
    </message>
    <message>
        <source>ideographic space</source>
        <translation>全角空格</translation>
    </message>
    <message>
        <source>The prompt contains words the model has never seen: {shown} and {more} more. Remove them or train on a corpus that contains them.</source>
        <translation>提示词中有模型从没见过的词：{shown}，另外还有 {more} 个。请删掉它们，或者用包含它们的语料来训练。</translation>
    </message>
    <message>
        <source>The prompt contains words the model has never seen: {shown}. Remove them or train on a corpus that contains them.</source>
        <translation>提示词中有模型从没见过的词：{shown}。请删掉它们，或者用包含它们的语料来训练。</translation>
    </message>
    <message>
        <source>The prompt contains characters the model has never seen: {shown} and {more} more. Remove them or train on a corpus that contains them.</source>
        <translation>提示词中有模型从没见过的字符：{shown}，另外还有 {more} 个。请删掉它们，或者用包含它们的语料来训练。</translation>
    </message>
    <message>
        <source>The prompt contains characters the model has never seen: {shown}. Remove them or train on a corpus that contains them.</source>
        <translation>提示词中有模型从没见过的字符：{shown}。请删掉它们，或者用包含它们的语料来训练。</translation>
    </message>
    <message>
        <source>The text has words the trained model has never seen: {shown} and {more} more. It can only learn them as a new model: start a new model to train on this text.</source>
        <translation>文本中有训练好的模型从没见过的词：{shown}，另外还有 {more} 个。只有新模型才能学会它们：请开始一个新模型来用这段文本训练。</translation>
    </message>
    <message>
        <source>The text has words the trained model has never seen: {shown}. It can only learn them as a new model: start a new model to train on this text.</source>
        <translation>文本中有训练好的模型从没见过的词：{shown}。只有新模型才能学会它们：请开始一个新模型来用这段文本训练。</translation>
    </message>
    <message>
        <source>The text has characters the trained model has never seen: {shown} and {more} more. It can only learn them as a new model: start a new model to train on this text.</source>
        <translation>文本中有训练好的模型从没见过的字符：{shown}，另外还有 {more} 个。只有新模型才能学会它们：请开始一个新模型来用这段文本训练。</translation>
    </message>
    <message>
        <source>The text has characters the trained model has never seen: {shown}. It can only learn them as a new model: start a new model to train on this text.</source>
        <translation>文本中有训练好的模型从没见过的字符：{shown}。只有新模型才能学会它们：请开始一个新模型来用这段文本训练。</translation>
    </message>
    <message>
        <source>Training diverged at step {step}: the loss became infinite or not a number. Try a smaller learning rate (for example half of it) or more warm-up steps; the last good checkpoint was kept.</source>
        <translation>训练在第 {step} 步发散了：损失变成了无穷大或不是一个数。请试试更小的学习率（例如减半）或更多的预热步数；最后一个正常的检查点已保留。</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>这台电脑</translation>
    </message>
    <message>
        <source>the graphics card</source>
        <translation>显卡</translation>
    </message>
    <message>
        <source>the Apple GPU</source>
        <translation>Apple GPU</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>这台电脑</translation>
    </message>
    <message>
        <source>The graphics card</source>
        <translation>显卡</translation>
    </message>
    <message>
        <source>The Apple GPU</source>
        <translation>Apple GPU</translation>
    </message>
    <message>
        <source>The {device}</source>
        <translation>设备 {device}</translation>
    </message>
    <message>
        <source>the {device}</source>
        <translation>设备 {device}</translation>
    </message>
    <message>
        <source>your last checkpoint, at step {step:,}, is safe</source>
        <translation>你最近保存的检查点（第 {step:,} 步）是安全的</translation>
    </message>
    <message>
        <source>no checkpoint had been saved yet</source>
        <translation>此前还没有保存过检查点</translation>
    </message>
    <message>
        <source>{device} ran out of memory. Try a smaller batch size, a shorter context length or a smaller model; your project and its last checkpoint are safe.</source>
        <translation>{device}的内存不足。请试试更小的批大小、更短的上下文长度或更小的模型；你的项目和它最近的检查点都是安全的。</translation>
    </message>
    <message>
        <source>{device} stopped working during training ({detail}); {safe}. Choose the processor (CPU) as the device to continue, or restart the app to use {again} again.</source>
        <translation>{device}在训练中停止了工作（{detail}）；{safe}。要继续训练，请把设备改为处理器（CPU），或者重启应用以再次使用{again}。</translation>
    </message>
    <message>
        <source>{device} stopped working during training; {safe}. Choose the processor (CPU) as the device to continue, or restart the app to use {again} again.</source>
        <translation>{device}在训练中停止了工作；{safe}。要继续训练，请把设备改为处理器（CPU），或者重启应用以再次使用{again}。</translation>
    </message>
    <message>
        <source>{device} cannot run an operation this model needs ({operation}); {safe}. Choose the processor (CPU) as the device to continue.</source>
        <translation>{device}无法执行这个模型需要的一项运算（{operation}）；{safe}。要继续训练，请把设备改为处理器（CPU）。</translation>
    </message>
    <message>
        <source>free some space</source>
        <translation>腾出一些磁盘空间</translation>
    </message>
    <message>
        <source>make the project folder writable</source>
        <translation>让项目文件夹可以写入</translation>
    </message>
    <message>
        <source>check the disk</source>
        <translation>检查磁盘</translation>
    </message>
    <message>
        <source>The checkpoint of step {step} could not be saved: {problem}. Training stopped and the previous checkpoint is kept: {fix}, then train again to continue from it.</source>
        <translation>第 {step} 步的检查点无法保存：{problem}。训练已停止，上一个检查点仍然保留。解决办法：{fix}，然后再次训练，即可从该检查点接着训练。</translation>
    </message>
    <message>
        <source>The checkpoint of step {step} could not be saved: {problem}. Training stopped before any checkpoint of this model was saved: {fix}, then train again.</source>
        <translation>第 {step} 步的检查点无法保存：{problem}。训练已停止，这个模型还没有保存过任何检查点。解决办法：{fix}，然后再次训练。</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>the disk is read-only</source>
        <translation>磁盘是只读的</translation>
    </message>
    <message>
        <source>access to {path} was denied</source>
        <translation>没有权限访问 {path}</translation>
    </message>
    <message>
        <source>access was denied</source>
        <translation>没有访问权限</translation>
    </message>
    <message>
        <source>no such file or directory</source>
        <translation>文件或文件夹不存在</translation>
    </message>
    <message>
        <source>file exists</source>
        <translation>文件已存在</translation>
    </message>
    <message>
        <source>directory not empty</source>
        <translation>文件夹不是空的</translation>
    </message>
    <message>
        <source>device or resource busy</source>
        <translation>设备或资源正忙</translation>
    </message>
    <message>
        <source>is a directory</source>
        <translation>这是一个文件夹</translation>
    </message>
    <message>
        <source>not a directory</source>
        <translation>不是文件夹</translation>
    </message>
    <message>
        <source>file name too long</source>
        <translation>文件名太长</translation>
    </message>
    <message>
        <source>input/output error</source>
        <translation>读写出错</translation>
    </message>
    <message>
        <source>There is no trained model yet: train it first.</source>
        <translation>还没有训练好的模型：请先训练。</translation>
    </message>
    <message>
        <source>The folder {folder} has no config.json, so it is not a Hugging Face model folder.</source>
        <translation>文件夹 {folder} 中没有 config.json，所以它不是 Hugging Face 模型文件夹。</translation>
    </message>
    <message>
        <source>The config.json in {folder} cannot be read (it is nested too deeply).</source>
        <translation>{folder} 中的 config.json 无法读取（嵌套层次太深）。</translation>
    </message>
    <message>
        <source>The config.json in {folder} cannot be read ({detail}).</source>
        <translation>无法读取 {folder} 中的 config.json（{detail}）。</translation>
    </message>
    <message>
        <source>The config.json in {folder} is not a JSON object.</source>
        <translation>{folder} 中的 config.json 不是 JSON 对象。</translation>
    </message>
    <message>
        <source>The config.json value {key} must be a positive whole number, not {value}.</source>
        <translation>config.json 中的 {key} 必须是正整数，而不是 {value}。</translation>
    </message>
    <message>
        <source>The config.json has no {key}, so it does not describe a GPT-2 model.</source>
        <translation>config.json 中没有 {key}，所以它描述的不是 GPT-2 模型。</translation>
    </message>
    <message>
        <source>This is a {model_type} model; GPT Studio can start from GPT-2 models only (model type gpt2, architecture {supported}).</source>
        <translation>这是一个 {model_type} 模型；GPT Studio 只能从 GPT-2 模型开始（模型类型 gpt2，架构 {supported}）。</translation>
    </message>
    <message>
        <source>This GPT-2 uses the activation {activation}; only GELU (gelu_new or gelu) can be imported.</source>
        <translation>这个 GPT-2 使用的激活函数是 {activation}；只能导入使用 GELU（gelu_new 或 gelu）的模型。</translation>
    </message>
    <message>
        <source>This GPT-2 uses a LayerNorm epsilon of {eps}; only 1e-5 can be imported.</source>
        <translation>这个 GPT-2 的 LayerNorm epsilon 是 {eps}；只能导入 epsilon 为 1e-5 的模型。</translation>
    </message>
    <message>
        <source>The context length must be between 1 and the model&apos;s {n_positions} tokens, not {block_size}.</source>
        <translation>上下文长度必须在 1 到模型的 {n_positions} 个词元之间，而不是 {block_size}。</translation>
    </message>
    <message>
        <source>This GPT-2 cannot be imported: {problems}</source>
        <translation>无法导入这个 GPT-2：{problems}</translation>
    </message>
    <message>
        <source>The config.json describes a model of {params:,} parameters, more than its weights file {name} holds: the folder is damaged or its files do not belong together.</source>
        <translation>config.json 描述的模型有 {params:,} 个参数，超过了权重文件 {name} 所能容纳的数量：这个文件夹已损坏，或者其中的文件并不属于同一个模型。</translation>
    </message>
    <message>
        <source>This GPT-2 has {params:,} parameters: importing it needs about {needed} GB of memory, but only {available} GB is free.</source>
        <translation>这个 GPT-2 有 {params:,} 个参数：导入它大约需要 {needed} GB 内存，但只有 {available} GB 可用。</translation>
    </message>
    <message>
        <source>The weights file {name} holds more than plain tensors (objects that could run code when loaded), so it was not loaded. Use the model&apos;s model.safetensors file or a copy from a source you trust.</source>
        <translation>权重文件 {name} 中不只有普通的张量（还有加载时可能运行代码的对象），所以没有加载它。请使用该模型的 model.safetensors 文件，或者来自你信任的来源的副本。</translation>
    </message>
    <message>
        <source>The weights file {name} cannot be read ({reason}).</source>
        <translation>无法读取权重文件 {name}（{reason}）。</translation>
    </message>
    <message>
        <source>The weights file {name} does not hold named tensors.</source>
        <translation>权重文件 {name} 中没有带名称的张量。</translation>
    </message>
    <message>
        <source>The folder {folder} has no model.safetensors or pytorch_model.bin with the weights.</source>
        <translation>文件夹 {folder} 中没有存放权重的 model.safetensors 或 pytorch_model.bin。</translation>
    </message>
    <message>
        <source>The weights file holds {name} twice.</source>
        <translation>权重文件中 {name} 出现了两次。</translation>
    </message>
    <message>
        <source>The model&apos;s output layer differs from its token embedding; only GPT-2 models with tied embeddings can be imported.</source>
        <translation>这个模型的输出层与词元嵌入不同；只能导入输出层与嵌入共享权重的 GPT-2 模型。</translation>
    </message>
    <message>
        <source>The weights file lacks {count} of the model&apos;s weights, for example {example}.</source>
        <translation>权重文件缺少模型的 {count} 个权重，例如 {example}。</translation>
    </message>
    <message>
        <source>The weights file holds {count} weights GPT-2 does not have, for example {example}.</source>
        <translation>权重文件中有 {count} 个 GPT-2 没有的权重，例如 {example}。</translation>
    </message>
    <message>
        <source>The weight {name} has the shape {shape} where config.json implies {expected}.</source>
        <translation>权重 {name} 的形状是 {shape}，但按照 config.json 应为 {expected}。</translation>
    </message>
    <message>
        <source>The weight {name} is not a floating-point tensor.</source>
        <translation>权重 {name} 不是浮点张量。</translation>
    </message>
    <message>
        <source>The tokenizer file vocab.txt cannot be read ({detail}).</source>
        <translation>无法读取分词器文件 vocab.txt（{detail}）。</translation>
    </message>
    <message>
        <source>The tokenizer files vocab.json and merges.txt cannot be read ({detail}).</source>
        <translation>无法读取分词器文件 vocab.json 和 merges.txt（{detail}）。</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist.</source>
        <translation>文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <source>This model learnt conversations, and the GGUF export writes models of continuous text and of one example per line or per block only: llama.cpp would not know where a turn starts and ends. Talk to it on the Chat tab, or share it on the Hugging Face Hub.</source>
        <translation>这个模型学的是对话，而 GGUF 导出只能写出连续文本、每行一个样本或每块一个样本的模型：llama.cpp 不知道每一轮从哪里开始、到哪里结束。请在“对话”页和它对话，或把它分享到 Hugging Face Hub。</translation>
    </message>
    <message>
        <source>This model was trained in the data mode {mode}; the GGUF export knows continuous text and one example per line or per block only, so it cannot say where an example starts and ends.</source>
        <translation>这个模型是用数据模式 {mode} 训练的；GGUF 导出只认识连续文本、每行一个例子和每块一个例子，因此无法说明一个例子从哪里开始、到哪里结束。</translation>
    </message>
    <message>
        <source>The GGUF export does not know the {kind} tokenizer yet, so it cannot make llama.cpp cut text as GPT Studio does.</source>
        <translation>GGUF 导出还不认识 {kind} 分词器，因此无法让 llama.cpp 像 GPT Studio 一样切分文本。</translation>
    </message>
    <message>
        <source>The tokenizer has {tokens} tokens but the model only {model_tokens}.</source>
        <translation>分词器有 {tokens} 个词元，但模型只有 {model_tokens} 个。</translation>
    </message>
    <message>
        <source>Characters the model never saw are left out (the app&apos;s Generate tab leaves them out too).</source>
        <translation>模型从未见过的字符会被略去（本程序的“生成”页也会略去它们）。</translation>
    </message>
    <message>
        <source>The text contains the character ▁ (U+2581), which llama.cpp&apos;s word-level tokenizer uses for a space, so llama.cpp would read it as a space. Remove it from the corpus and train a new model to export it.</source>
        <translation>文本中含有字符 ▁（U+2581），llama.cpp 的按词分词器用它表示空格，所以 llama.cpp 会把它读成空格。请从语料中删去它，再训练一个新模型来导出。</translation>
    </message>
    <message>
        <source>Words the model never saw: GPT Studio refuses them in a prompt (the app leaves them out), llama.cpp spells them with the shorter words it has.</source>
        <translation>模型从未见过的词：GPT Studio 不接受提示词中出现它们（本程序会略去它们），llama.cpp 则用它已有的较短的词拼出它们。</translation>
    </message>
    <message>
        <source>A run of spaces or line breaks longer or different from any in the training text (say, four line breaks where it had at most two): GPT Studio spells it one character at a time, llama.cpp with the fewest runs it knows. The text reads the same; the model sees it differently.</source>
        <translation>一串比训练文本中任何一串都更长或不同的空格或换行（比如训练文本最多只有两个换行，这里却有四个）：GPT Studio 逐个字符表示它，llama.cpp 则用它认识的最少几串来表示。读起来是同样的文本，模型看到的却不同。</translation>
    </message>
    <message>
        <source>This BPE tokenizer is not GPT-2&apos;s byte-level kind, which is the only BPE llama.cpp can be told to cut text with exactly.</source>
        <translation>这个 BPE 分词器不是 GPT-2 的字节级 BPE，而只有那一种 BPE 能让 llama.cpp 完全一样地切分文本。</translation>
    </message>
    <message>
        <source>The tokenizer has no token with the id {id}, so it cannot be written as a list.</source>
        <translation>分词器中没有编号为 {id} 的词元，因此无法写成列表。</translation>
    </message>
    <message>
        <source>A merge rule of this tokenizer contains a space, which llama.cpp&apos;s list of merges cannot hold.</source>
        <translation>这个分词器的某条合并规则含有空格，llama.cpp 的合并规则列表无法保存它。</translation>
    </message>
    <message>
        <source>The vocabulary holds a broken character ({character}) that cannot be written as UTF-8.</source>
        <translation>词表中有一个损坏的字符（{character}），无法写成 UTF-8。</translation>
    </message>
    <message>
        <source>Two tokens ({first} and {second}) have the same text {text}, which llama.cpp cannot tell apart.</source>
        <translation>两个词元（{first} 和 {second}）的文本相同，都是 {text}，llama.cpp 无法区分它们。</translation>
    </message>
    <message>
        <source>A {kind} tokenizer cannot be exported to a GPT-2 folder.</source>
        <translation>无法把 {kind} 分词器导出到 GPT-2 文件夹。</translation>
    </message>
    <message>
        <source>A tokenizer of an unknown kind cannot be exported to a GPT-2 folder.</source>
        <translation>无法把未知类型的分词器导出到 GPT-2 文件夹。</translation>
    </message>
    <message>
        <source>The program cannot be written to {folder} ({reason}).</source>
        <translation>无法把程序写入 {folder}（{reason}）。</translation>
    </message>
    <message>
        <source>The Python program knows the data modes continuous, lines and blocks; this project uses {mode}, so it cannot be written as one yet.</source>
        <translation>Python 程序支持的数据方式是 continuous、lines 和 blocks；这个项目用的是 {mode}，所以暂时无法导出为程序。</translation>
    </message>
    <message>
        <source>A fine-tuned GPT-2 starts from GPT-2&apos;s own trained weights, which the program cannot make from scratch; it writes programs for models GPT Studio trains from the start.</source>
        <translation>微调的 GPT-2 从 GPT-2 自己训练好的权重开始，程序无法从零做出这些权重；它只为 GPT Studio 从头训练的模型写程序。</translation>
    </message>
    <message>
        <source>The Python program does not know the {kind} tokenizer yet.</source>
        <translation>Python 程序还不认识 {kind} 分词器。</translation>
    </message>
    <message>
        <source>{folder} is a file, not a folder.</source>
        <translation>{folder} 是一个文件，不是文件夹。</translation>
    </message>
    <message>
        <source>The folder {folder} already holds other files; choose an empty folder.</source>
        <translation>文件夹 {folder} 中已经有其他文件；请选择一个空文件夹。</translation>
    </message>
    <message>
        <source>The model cannot be written to {folder} ({reason}).</source>
        <translation>无法把模型写入 {folder}（{reason}）。</translation>
    </message>
    <message>
        <source>Training with these settings needs about {needed} of memory, but only {available} is free on {device}: most of it would hold the {count:,} batches each validation check averages. Average fewer batches per check.</source>
        <translation>用这些设置训练大约需要 {needed} 内存，但{device}上只有 {available} 可用：其中大部分要用来存放每次验证所平均的 {count:,} 个批次。请减少每次验证平均的批次数。</translation>
    </message>
    <message>
        <source>Training with these settings needs about {needed} of memory, but {device} has {available} in all: most of it would hold the {count:,} batches each validation check averages. Average fewer batches per check.</source>
        <translation>用这些设置训练大约需要 {needed} 内存，但{device}总共只有 {available}：其中大部分要用来存放每次验证所平均的 {count:,} 个批次。请减少每次验证平均的批次数。</translation>
    </message>
    <message>
        <source>Training with these settings needs about {needed} of memory, but only {available} is free on {device}. Use a batch size of {batch} or less, a shorter context length or a smaller model.</source>
        <translation>用这些设置训练大约需要 {needed} 内存，但{device}上只有 {available} 可用。请把批大小设为 {batch} 或更小，或者缩短上下文长度，或者使用更小的模型。</translation>
    </message>
    <message>
        <source>Training with these settings needs about {needed} of memory, but only {available} is free on {device}. Use a shorter context length or a smaller model (fewer layers, a smaller embedding).</source>
        <translation>用这些设置训练大约需要 {needed} 内存，但{device}上只有 {available} 可用。请缩短上下文长度，或者使用更小的模型（更少的层、更小的嵌入）。</translation>
    </message>
    <message>
        <source>Training with these settings needs about {needed} of memory, but {device} has {available} in all. Use a batch size of {batch} or less, a shorter context length or a smaller model.</source>
        <translation>用这些设置训练大约需要 {needed} 内存，但{device}总共只有 {available}。请把批大小设为 {batch} 或更小，或者缩短上下文长度，或者使用更小的模型。</translation>
    </message>
    <message>
        <source>Training with these settings needs about {needed} of memory, but {device} has {available} in all. Use a shorter context length or a smaller model (fewer layers, a smaller embedding).</source>
        <translation>用这些设置训练大约需要 {needed} 内存，但{device}总共只有 {available}。请缩短上下文长度，或者使用更小的模型（更少的层、更小的嵌入）。</translation>
    </message>
    <message>
        <source>The saved model of step {step:,} is missing or damaged; choose another point on the curve.</source>
        <translation>第 {step:,} 步保存的模型丢失或已损坏；请在曲线上选择另一个点。</translation>
    </message>
    <message>
        <source>The saved model of step {step:,} is damaged; choose another point on the curve.</source>
        <translation>第 {step:,} 步保存的模型已损坏；请在曲线上选择另一个点。</translation>
    </message>
    <message>
        <source>Cannot show the tokens of a {kind!r} tokenizer.</source>
        <translation>无法显示 {kind!r} 分词器的词元。</translation>
    </message>
    <message>
        <source>The text has changed since your model&apos;s tokenizer was made, so this shows a tokenizer made from the current text.</source>
        <translation>自从模型的分词器生成以来，文本已经改变，所以这里显示的是根据当前文本生成的分词器。</translation>
    </message>
    <message>
        <source>This GPT-2 vocabulary has no &lt;|endoftext|&gt; token.</source>
        <translation>这个 GPT-2 的词表中没有 &lt;|endoftext|&gt; 词元。</translation>
    </message>
    <message>
        <source>The corpus is empty: add some text first.</source>
        <translation>语料是空的：请先添加一些文本。</translation>
    </message>
    <message>
        <source>This tokenizer is not trained: it comes with a pretrained model. Create the project from a pretrained model instead.</source>
        <translation>这种分词器不用训练：它随预训练模型一起提供。请改为从预训练模型创建项目。</translation>
    </message>
    <message>
        <source>Unknown tokenizer {kind}: choose one of {kinds}.</source>
        <translation>未知的分词器 {kind}：请从 {kinds} 中选择一个。</translation>
    </message>
    <message>
        <source>Unknown tokenizer {kind} in the tokenizer file.</source>
        <translation>分词器文件中有未知的分词器 {kind}。</translation>
    </message>
    <message>
        <source>it does not hold a list of at most {most:,} entries</source>
        <translation>其中不是一个最多 {most:,} 项的列表</translation>
    </message>
    <message>
        <source>it holds an entry that is not one character</source>
        <translation>其中有一项不是单个字符</translation>
    </message>
    <message>
        <source>it holds an entry that is not a word</source>
        <translation>其中有一项不是词</translation>
    </message>
    <message>
        <source>it holds an entry twice</source>
        <translation>其中有一项出现了两次</translation>
    </message>
    <message>
        <source>The tokenizer file {folder}/{name} is damaged: {why}.</source>
        <translation>分词器文件 {folder}/{name} 已损坏：{why}。</translation>
    </message>
    <message>
        <source>The tokenizer file {folder}/{name} is missing or damaged ({detail}).</source>
        <translation>分词器文件 {folder}/{name} 丢失或已损坏（{detail}）。</translation>
    </message>
    <message>
        <source>The model&apos;s shape settings (context, layers, heads or embedding size) differ from the trained model&apos;s. Start a new model to use them, or restore the old settings.</source>
        <translation>模型的结构设置（上下文、层数、注意力头数或嵌入大小）与已训练模型的不同。要使用这些设置，请开始一个新模型；或者恢复原来的设置。</translation>
    </message>
    <message>
        <source>Training finished.</source>
        <translation>训练完成。</translation>
    </message>
    <message>
        <source>Stopped early at step {step:,}: the validation loss has not improved for {checks} checks since step {best_step:,} ({best_val:.3f}). Training longer would only make the model learn its text by heart; the best model (step {best_step:,}) is kept and used.</source>
        <translation>在第 {step:,} 步提前停止：自第 {best_step:,} 步（{best_val:.3f}）以来，验证损失已连续 {checks} 次检查没有改善。再训练下去只会让模型死记硬背文本；最好的模型（第 {best_step:,} 步）已保留并使用。</translation>
    </message>
    <message>
        <source>Training paused at step {step}; it can be resumed.</source>
        <translation>训练已在第 {step} 步暂停，可以继续。</translation>
    </message>
    <message>
        <source>This file is not a GPT Studio project archive (it is not a readable .zip file).</source>
        <translation>这个文件不是 GPT Studio 项目压缩包（它不是可读取的 .zip 文件）。</translation>
    </message>
    <message>
        <source>This archive is damaged: some of its files cannot be unpacked.</source>
        <translation>这个压缩包已损坏：其中一些文件无法解压。</translation>
    </message>
    <message>
        <source>The archive would not hold the project&apos;s text ({file}), so it was not written.</source>
        <translation>压缩包中将不含项目的文本（{file}），所以没有写出压缩包。</translation>
    </message>
    <message>
        <source>The file {path} does not exist.</source>
        <translation>文件 {path} 不存在。</translation>
    </message>
    <message>
        <source>The project could not be unpacked ({problem}).</source>
        <translation>无法解压项目（{problem}）。</translation>
    </message>
    <message>
        <source>This archive holds more than {count:,} files; GPT Studio does not import it.</source>
        <translation>这个压缩包中的文件超过 {count:,} 个；GPT Studio 不会导入它。</translation>
    </message>
    <message>
        <source>This archive unpacks to more than {gigabytes} GB; GPT Studio does not import it.</source>
        <translation>这个压缩包解压后超过 {gigabytes} GB；GPT Studio 不会导入它。</translation>
    </message>
    <message>
        <source>This archive contains &quot;{file}&quot; twice; it looks damaged.</source>
        <translation>这个压缩包中“{file}”出现了两次；它似乎已损坏。</translation>
    </message>
    <message>
        <source>This archive is password-protected; GPT Studio cannot import it.</source>
        <translation>这个压缩包有密码保护；GPT Studio 无法导入它。</translation>
    </message>
    <message>
        <source>This archive uses a compression method GPT Studio cannot read.</source>
        <translation>这个压缩包使用了 GPT Studio 无法读取的压缩方式。</translation>
    </message>
    <message>
        <source>This archive contains a file with an invalid name (&quot;{file}&quot;); GPT Studio does not import it.</source>
        <translation>这个压缩包中有一个名称无效的文件（“{file}”）；GPT Studio 不会导入它。</translation>
    </message>
    <message>
        <source>This archive contains a file with an absolute path (&quot;{file}&quot;); GPT Studio does not import it.</source>
        <translation>这个压缩包中有一个使用绝对路径的文件（“{file}”）；GPT Studio 不会导入它。</translation>
    </message>
    <message>
        <source>This archive contains a path that leads outside its folder (&quot;{file}&quot;); GPT Studio does not import it.</source>
        <translation>这个压缩包中有一个指向其文件夹之外的路径（“{file}”）；GPT Studio 不会导入它。</translation>
    </message>
    <message>
        <source>This archive contains a link or a special file (&quot;{file}&quot;); GPT Studio does not import it.</source>
        <translation>这个压缩包中有一个链接或特殊文件（“{file}”）；GPT Studio 不会导入它。</translation>
    </message>
    <message>
        <source>This archive contains a file that unpacks to a suspicious size (a zip bomb) (&quot;{file}&quot;); GPT Studio does not import it.</source>
        <translation>这个压缩包中有一个解压后大小可疑的文件（“{file}”，可能是 zip 炸弹）；GPT Studio 不会导入它。</translation>
    </message>
    <message>
        <source>This file does not contain a GPT Studio project (there is no {file} in it).</source>
        <translation>这个文件中没有 GPT Studio 项目（其中没有 {file}）。</translation>
    </message>
    <message>
        <source>There is no project at {path}.</source>
        <translation>{path} 处没有项目。</translation>
    </message>
    <message>
        <source>GPT Studio cannot write in the project folder ({problem}).</source>
        <translation>GPT Studio 无法写入项目文件夹（{problem}）。</translation>
    </message>
    <message>
        <source>This project is being opened by another GPT Studio window.</source>
        <translation>另一个 GPT Studio 窗口正在打开这个项目。</translation>
    </message>
    <message>
        <source>This project is open in GPT Studio on another computer (&quot;{computer}&quot;).</source>
        <translation>这个项目已在另一台电脑（“{computer}”）上的 GPT Studio 中打开。</translation>
    </message>
    <message>
        <source>This project is open in another GPT Studio window (process {process}).</source>
        <translation>这个项目已在另一个 GPT Studio 窗口中打开（进程 {process}）。</translation>
    </message>
    <message>
        <source>its settings file has no valid version number</source>
        <translation>其设置文件没有有效的版本号</translation>
    </message>
    <message>
        <source>The project &quot;{name}&quot; was made by a newer version of GPT Studio; update GPT Studio to open it.</source>
        <translation>项目“{name}”是由更新版本的 GPT Studio 创建的；请更新 GPT Studio 后再打开。</translation>
    </message>
    <message>
        <source>its settings file has no name</source>
        <translation>其设置文件中缺少项目名称</translation>
    </message>
    <message>
        <source>The project &quot;{name}&quot; has settings GPT Studio cannot use: {problems}</source>
        <translation>项目“{name}”中有 GPT Studio 无法使用的设置：{problems}</translation>
    </message>
    <message>
        <source>its text ({file}) is not UTF-8</source>
        <translation>其文本（{file}）不是 UTF-8 编码</translation>
    </message>
    <message>
        <source>its tokenizer ({file}) cannot be read</source>
        <translation>无法读取其分词器（{file}）</translation>
    </message>
    <message>
        <source>The project &quot;{name}&quot; is no longer at {path}.</source>
        <translation>项目“{name}”已经不在 {path} 了。</translation>
    </message>
    <message>
        <source>its settings file ({file}) is missing</source>
        <translation>其设置文件（{file}）丢失</translation>
    </message>
    <message>
        <source>its settings file ({file}) is not valid</source>
        <translation>其设置文件（{file}）无效</translation>
    </message>
    <message>
        <source>its file {file} is {size}, far larger than such a file can be</source>
        <translation>其文件 {file} 有 {size}，远远超过这种文件应有的大小</translation>
    </message>
    <message>
        <source>{file} is a link to another place, and GPT Studio does not follow links in a project folder</source>
        <translation>{file} 是指向别处的链接，而 GPT Studio 不会跟随项目文件夹中的链接</translation>
    </message>
    <message>
        <source>{file} is not a plain file</source>
        <translation>{file} 不是普通文件</translation>
    </message>
    <message>
        <source>its setting &quot;{setting}&quot; has an unusable value</source>
        <translation>其设置“{setting}”的值无法使用</translation>
    </message>
    <message>
        <source>its data settings are not readable</source>
        <translation>无法读取其数据设置</translation>
    </message>
    <message>
        <source>its train settings are not readable</source>
        <translation>无法读取其训练设置</translation>
    </message>
    <message>
        <source>its sample settings are not readable</source>
        <translation>无法读取其生成设置</translation>
    </message>
    <message>
        <source>The project &quot;{name}&quot; is damaged: {why}.</source>
        <translation>项目“{name}”已损坏：{why}。</translation>
    </message>
    <message>
        <source>its text ({file}) is missing</source>
        <translation>其文本（{file}）丢失</translation>
    </message>
    <message>
        <source>The project &quot;{name}&quot; cannot be read.</source>
        <translation>无法读取项目“{name}”。</translation>
    </message>
    <message>
        <source>The project &quot;{name}&quot; cannot be read ({problem}).</source>
        <translation>无法读取项目“{name}”（{problem}）。</translation>
    </message>
    <message>
        <source>The projects folder {folder} cannot be read ({problem}).</source>
        <translation>无法读取项目文件夹 {folder}（{problem}）。</translation>
    </message>
    <message>
        <source>There is no project called &quot;{name}&quot;.</source>
        <translation>没有名为“{name}”的项目。</translation>
    </message>
    <message>
        <source>There is no preset called &quot;{preset}&quot;; choose one of {presets}.</source>
        <translation>没有名为“{preset}”的预设；请从 {presets} 中选择一个。</translation>
    </message>
    <message>
        <source>The text is empty: give the project some text to learn from.</source>
        <translation>文本是空的：请给项目一些可供学习的文本。</translation>
    </message>
    <message>
        <source>The project &quot;{name}&quot; could not be renamed ({problem}).</source>
        <translation>无法重命名项目“{name}”（{problem}）。</translation>
    </message>
    <message>
        <source>The project &quot;{name}&quot; could not be moved to the trash ({problem}).</source>
        <translation>无法把项目“{name}”移到回收站（{problem}）。</translation>
    </message>
    <message>
        <source>The trash folder {folder} cannot be read ({problem}).</source>
        <translation>无法读取回收站文件夹 {folder}（{problem}）。</translation>
    </message>
    <message>
        <source>This project is no longer in the trash.</source>
        <translation>这个项目已经不在回收站中了。</translation>
    </message>
    <message>
        <source>The project &quot;{name}&quot; could not be restored ({problem}).</source>
        <translation>无法恢复项目“{name}”（{problem}）。</translation>
    </message>
    <message>
        <source>Some things could not be removed from the trash: {things}.</source>
        <translation>回收站中有些内容无法删除：{things}。</translation>
    </message>
    <message>
        <source>The project &quot;{name}&quot; could not be exported ({problem}).</source>
        <translation>无法导出项目“{name}”（{problem}）。</translation>
    </message>
    <message>
        <source>A project name must be text.</source>
        <translation>项目名称必须是文本。</translation>
    </message>
    <message>
        <source>Please give the project a name.</source>
        <translation>请给项目起个名字。</translation>
    </message>
    <message>
        <source>A project name can be at most {limit} characters long.</source>
        <translation>项目名称最多只能有 {limit} 个字符。</translation>
    </message>
    <message>
        <source>A project name cannot contain line breaks, tabs or other control characters.</source>
        <translation>项目名称不能包含换行符、制表符或其他控制字符。</translation>
    </message>
    <message>
        <source>A project name cannot contain characters that change the direction of the text around it (such as U+202E).</source>
        <translation>项目名称不能包含会改变周围文字方向的字符（例如 U+202E）。</translation>
    </message>
    <message>
        <source>There is already a project called &quot;{name}&quot;.</source>
        <translation>已经有一个名为“{name}”的项目。</translation>
    </message>
    <message>
        <source>Another GPT Studio window is busy adding a project; try again in a moment.</source>
        <translation>另一个 GPT Studio 窗口正在添加项目；请稍后再试。</translation>
    </message>
    <message>
        <source>The project &quot;{name}&quot; could not be saved ({problem}).</source>
        <translation>无法保存项目“{name}”（{problem}）。</translation>
    </message>
    <message>
        <source>the project &quot;{name}&quot;</source>
        <translation>项目“{name}”</translation>
    </message>
    <message>
        <source>an earlier model of the project &quot;{name}&quot;</source>
        <translation>项目“{name}”的一个旧模型</translation>
    </message>
    <message>
        <source>the folder &quot;{folder}&quot;</source>
        <translation>文件夹“{folder}”</translation>
    </message>
    <message>
        <source>This is an earlier model of the project &quot;{name}&quot;, set aside when a new model was started; it is not a whole project, so it cannot be restored as one.</source>
        <translation>这是项目“{name}”的一个旧模型，是在开始训练新模型时移到这里的；它不是一个完整的项目，所以无法作为项目恢复。</translation>
    </message>
    <message>
        <source>&quot;{folder}&quot; in the trash is not a project, so it cannot be restored.</source>
        <translation>回收站中的“{folder}”不是项目，所以无法恢复。</translation>
    </message>
    <message>
        <source>This text is small for a model that starts from nothing: {tokens:,} characters to learn from, {distinct:,} different ones. It will learn the text&apos;s form (its line lengths, its common characters) and then start to recite it; it cannot learn the language itself from this little. For text that reads well, start from a pretrained model in your text&apos;s language.</source>
        <translation>对于从零开始的模型来说，这段文本太少了：可学习的只有 {tokens:,} 个字符，其中 {distinct:,} 种不同。它会学到文本的形式（行的长短、常见的字），然后开始背诵原文；这么少的文本学不会语言本身。想写出通顺的文字，请从与你的文本同语言的预训练模型开始。</translation>
    </message>
    <message>
        <source>{params:,} parameters ({layers} layers, {width} wide): the largest model that trains enough steps in {minutes:g} min on this computer ({ms:,.0f} ms a step) and does not outgrow {tokens:,} characters of text.</source>
        <translation>{params:,} 个参数（{layers} 层，宽 {width}）：在这台电脑上 {minutes:g} 分钟内能训练足够步数（每步 {ms:,.0f} 毫秒）、又不超出 {tokens:,} 个字符文本所能支撑的最大模型。</translation>
    </message>
    <message>
        <source>{params:,} parameters ({layers} layers, {width} wide): the smallest model. Even it trains only {steps:,} steps in {minutes:g} min on this computer ({ms:,.0f} ms a step), fewer than a model needs to learn much: more time would give a better model.</source>
        <translation>{params:,} 个参数（{layers} 层，宽 {width}）：最小的模型。即便如此，在这台电脑上 {minutes:g} 分钟内也只能训练 {steps:,} 步（每步 {ms:,.0f} 毫秒），不足以让模型学到很多：给更多时间会得到更好的模型。</translation>
    </message>
    <message>
        <source>Context of {block} characters: {share:.0%} of the conversations fit whole.</source>
        <translation>上下文长度 {block} 个字符：{share:.0%} 的对话能完整放下。</translation>
    </message>
    <message>
        <source>Context of {block} characters: {share:.0%} of the conversations fit whole; the longer ones are cut (a longer context would cost more than this time allows).</source>
        <translation>上下文长度 {block} 个字符：{share:.0%} 的对话能完整放下；更长的会被截断（更长的上下文所需的时间超出了这次的预算）。</translation>
    </message>
    <message>
        <source>Context of {block} characters: {share:.0%} of the examples fit whole.</source>
        <translation>上下文长度 {block} 个字符：{share:.0%} 的样本能完整放下。</translation>
    </message>
    <message>
        <source>Context of {block} characters: {share:.0%} of the examples fit whole; the longer ones are cut (a longer context would cost more than this time allows).</source>
        <translation>上下文长度 {block} 个字符：{share:.0%} 的样本能完整放下；更长的会被截断（更长的上下文所需的时间超出了这次的预算）。</translation>
    </message>
    <message>
        <source>Context of {block} characters: enough to learn words and phrases in this much time.</source>
        <translation>上下文长度 {block} 个字符：在这么长的时间里足以学会词语和短语。</translation>
    </message>
    <message>
        <source>{steps:,} steps of {batch} examples fill the time, with {checks} checks of the validation loss; training stops early after {patience} checks without improvement, and the best model is kept.</source>
        <translation>{steps:,} 步、每步 {batch} 个样本，正好用满时间，其间检查 {checks} 次验证损失；连续 {patience} 次检查没有改善就提前停止，并保留最好的模型。</translation>
    </message>
    <message>
        <source>No conversations could be read from this text, so there is nothing to choose settings for yet. {problem}</source>
        <translation>无法从这段文本中读出任何对话，因此暂时没有可以为之选择的设置。{problem}</translation>
    </message>
    <message>
        <source>No conversation in this text has an assistant&apos;s reply to learn from, so there is nothing to choose settings for yet.</source>
        <translation>这段文本中没有一段对话带有可供学习的助手回复，因此暂时没有可以为之选择的设置。</translation>
    </message>
    <message>
        <source>Dropout {dropout:g}: the run reads the text about {epochs:,.0f} times, and dropout keeps the model from learning it by heart.</source>
        <translation>Dropout {dropout:g}：这次训练会把文本读大约 {epochs:,.0f} 遍，dropout 能防止模型把它背下来。</translation>
    </message>
    <message>
        <source>No dropout: {params:,} parameters are fewer than the {tokens:,} characters they learn from, too few to learn them by heart, even read {epochs:,.0f} times.</source>
        <translation>不用 dropout：{params:,} 个参数比它要学的 {tokens:,} 个字符还少，即使读上 {epochs:,.0f} 遍，也记不住整篇文本。</translation>
    </message>
    <message>
        <source>No dropout: the run reads the text about {epochs:,.0f} times at most, too few to learn it by heart.</source>
        <translation>不用 dropout：这次训练最多把文本读大约 {epochs:,.0f} 遍，太少，背不下来。</translation>
    </message>
    <message>
        <source>terminal colour codes (escape sequences such as ESC[32m)</source>
        <translation>终端颜色代码（如 ESC[32m 这样的转义序列）</translation>
    </message>
    <message>
        <source>backspaces (with the characters they strike over)</source>
        <translation>退格符（连同它们覆盖的字符）</translation>
    </message>
    <message>
        <source>page breaks (form feeds)</source>
        <translation>分页符（换页符）</translation>
    </message>
    <message>
        <source>NUL characters</source>
        <translation>NUL 字符</translation>
    </message>
    <message>
        <source>invisible zero-width characters</source>
        <translation>看不见的零宽字符</translation>
    </message>
    <message>
        <source>unreadable characters (�, bytes that did not decode)</source>
        <translation>无法读取的字符（�，未能解码的字节）</translation>
    </message>
    <message>
        <source>other control characters</source>
        <translation>其他控制字符</translation>
    </message>
    <message>
        <source>terminal colour code (an escape sequence such as ESC[32m)</source>
        <translation>终端颜色代码（如 ESC[32m 这样的转义序列）</translation>
    </message>
    <message>
        <source>backspace (with the character it strikes over)</source>
        <translation>退格符（连同它们覆盖的字符）</translation>
    </message>
    <message>
        <source>page break (form feed)</source>
        <translation>分页符（换页符）</translation>
    </message>
    <message>
        <source>NUL character</source>
        <translation>NUL 字符</translation>
    </message>
    <message>
        <source>invisible zero-width character</source>
        <translation>看不见的零宽字符</translation>
    </message>
    <message>
        <source>unreadable character (�, a byte that did not decode)</source>
        <translation>无法读取的字符（�，未能解码的字节）</translation>
    </message>
    <message>
        <source>other control character</source>
        <translation>其他控制字符</translation>
    </message>
    <message>
        <source>{count:,} {what} (first on lines {lines})</source>
        <translation>{count:,} 个{what}（最早在第 {lines} 行）</translation>
    </message>
    <message>
        <source>{count:,} {what} (on line {lines})</source>
        <translation>{count:,} 个{what}（在第 {lines} 行）</translation>
    </message>
    <message>
        <source>In its first {count:,} characters: {reason}</source>
        <translation>从开头的 {count:,} 个字符看：{reason}</translation>
    </message>
    <message>
        <source>{count:,} conversations whose turns start with “{user}” and “{assistant}”: one example per conversation, and the model learns to write the assistant&apos;s answers.</source>
        <translation>{count:,} 段对话，轮次以“{user}”和“{assistant}”开头：每段对话一个样本，模型学着写助手的回答。</translation>
    </message>
    <message>
        <source>{count:,} conversations in JSON (“messages” with roles, or “instruction” and “output”): one example per conversation, and the model learns to write the assistant&apos;s answers.</source>
        <translation>{count:,} 段 JSON 格式的对话（带角色的“messages”，或“instruction”和“output”）：每段对话一个样本，模型学着写助手的回答。</translation>
    </message>
    <message>
        <source>Only {lines:,} lines: too little to tell a structure, so one continuous text.</source>
        <translation>只有 {lines:,} 行：太少，看不出结构，所以作为一整段连续文本。</translation>
    </message>
    <message>
        <source>{indented:.0%} of the lines are indented and {symbols:.0%} hold brackets or “=”: program code, so one continuous text.</source>
        <translation>{indented:.0%} 的行有缩进，{symbols:.0%} 的行含括号或“=”：是程序代码，所以作为一整段连续文本。</translation>
    </message>
    <message>
        <source>{blocks:,} pieces, half of them over {length:,} characters: too long to learn one at a time, so one continuous text.</source>
        <translation>{blocks:,} 篇，一半超过 {length:,} 个字符：太长，无法一篇一篇地学，所以作为一整段连续文本。</translation>
    </message>
    <message>
        <source>{blocks:,} pieces, but {share:.0%} of the text lies past the first {length:,} characters of a piece, which one example per piece would cut off: one continuous text, so that all of it is learnt.</source>
        <translation>{blocks:,} 篇，但文本的 {share:.0%} 位于各篇前 {length:,} 个字符之后，按“每篇一个样本”会被截掉：所以作为一整段连续文本，全部都能学到。</translation>
    </message>
    <message>
        <source>{lines:,} lines in {blocks:,} pieces separated by lines such as “%”: one example per piece, so the model learns whole pieces.</source>
        <translation>{lines:,} 行，由“%”这类分隔行分成 {blocks:,} 篇：每篇一个样本，让模型学会完整的一篇。</translation>
    </message>
    <message>
        <source>{share:.0%} of its {blocks:,} blocks start with a speaker&apos;s name: a play or a dialogue, whose turns answer each other, so one continuous text.</source>
        <translation>{blocks:,} 块中有 {share:.0%} 以说话人的名字开头：这是剧本或对话，前后轮次相互呼应，所以作为一整段连续文本。</translation>
    </message>
    <message>
        <source>{lines:,} short lines in {blocks:,} blocks separated by blank lines, most of them one line: one example per block, so the model learns whole blocks (a subtitle, a saying).</source>
        <translation>{lines:,} 行短句，分成 {blocks:,} 块，块与块之间以空行分隔，大多数块只有一行：每块作为一个样本，模型学习完整的块（一句字幕、一句格言）。</translation>
    </message>
    <message>
        <source>{lines:,} short lines in {blocks:,} blocks separated by blank lines: one example per block, so the model learns whole blocks (a poem, a verse, a recipe).</source>
        <translation>{lines:,} 个短行，由空行分成 {blocks:,} 块：每块一个样本，让模型学会完整的一块（一首诗、一段歌词、一份菜谱）。</translation>
    </message>
    <message>
        <source>{lines:,} short lines (half of them {median} characters or shorter) with no blank lines between them: a list, so one example per line.</source>
        <translation>{lines:,} 个短行（一半不超过 {median} 个字符），中间没有空行：是一个列表，所以每行一个样本。</translation>
    </message>
    <message>
        <source>Long lines (half of them over {median} characters): running text, so one continuous text.</source>
        <translation>行很长（一半超过 {median} 个字符）：是连贯的文章，所以作为一整段连续文本。</translation>
    </message>
    <message>
        <source>{lines:,} lines with no list or block structure: one continuous text (the model learns to continue any part of it).</source>
        <translation>{lines:,} 行，没有列表或分块结构：作为一整段连续文本（模型学着从任何位置接着写）。</translation>
    </message>
    <message>
        <source>The GGUF number type must be one of {choices}.</source>
        <translation>GGUF 的数值类型必须是 {choices} 之一。</translation>
    </message>
    <message>
        <source>Writing {file}…</source>
        <translation>正在写入 {file}…</translation>
    </message>
    <message>
        <source>Checking the file with llama.cpp…</source>
        <translation>正在用 llama.cpp 检查文件…</translation>
    </message>
    <message>
        <source>The GGUF file cannot be written to {path} ({reason}).</source>
        <translation>无法把 GGUF 文件写入 {path}（{reason}）。</translation>
    </message>
    <message>
        <source>The export was stopped; no file was written.</source>
        <translation>导出已停止；没有写入任何文件。</translation>
    </message>
    <message>
        <source>llama.cpp does not read this file as GPT Studio reads the model, so it was not kept: {summary}</source>
        <translation>llama.cpp 读这个文件的方式与 GPT Studio 读这个模型的方式不同，因此没有保留它：{summary}</translation>
    </message>
    <message>
        <source>Not checked with llama.cpp: llama-cpp-python is not installed here (pip install llama-cpp-python builds it).</source>
        <translation>未用 llama.cpp 检查：这里没有安装 llama-cpp-python（pip install llama-cpp-python 会编译安装它）。</translation>
    </message>
    <message>
        <source>Not checked with llama.cpp: the project has no text to compare on.</source>
        <translation>未用 llama.cpp 检查：项目没有可用来比较的文本。</translation>
    </message>
    <message>
        <source>llama.cpp did not finish reading the file within {minutes} minutes.</source>
        <translation>llama.cpp 在 {minutes} 分钟内没有读完这个文件。</translation>
    </message>
    <message>
        <source>llama.cpp could not load or run the file ({detail}).</source>
        <translation>llama.cpp 无法加载或运行这个文件（{detail}）。</translation>
    </message>
    <message>
        <source>llama.cpp writes the tokens of {text} as {written}.</source>
        <translation>llama.cpp 把 {text} 的词元写成了 {written}。</translation>
    </message>
    <message>
        <source>writing greedily after {prompt}, llama.cpp chose {theirs} where GPT Studio chose {ours}.</source>
        <translation>在 {prompt} 之后按最可能的词元写作时，llama.cpp 选了 {theirs}，而 GPT Studio 选了 {ours}。</translation>
    </message>
    <message>
        <source>the next-token logits differ by up to {diff:.4f}, more than the {tolerance} allowed for {number_type}.</source>
        <translation>下一个词元的 logits 相差最多 {diff:.4f}，超过了 {number_type} 允许的 {tolerance}。</translation>
    </message>
    <message>
        <source>llama.cpp cuts {text} into other tokens (from token {index} on: GPT Studio has {ours}).</source>
        <translation>llama.cpp 把 {text} 切成了不同的词元（从第 {index} 个词元起：GPT Studio 是 {ours}）。</translation>
    </message>
    <message>
        <source>Checked with llama.cpp: {problem}</source>
        <translation>已用 llama.cpp 检查：{problem}</translation>
    </message>
    <message>
        <source>Checked with llama.cpp: the same token ids for {texts} texts; writing greedily, {same} of {tokens} tokens the same ({number_type} rounds the weights); logits within {diff:.3f}.</source>
        <translation>已用 llama.cpp 检查：{texts} 段文本的词元编号完全相同；按最可能的词元写作时，{tokens} 个词元中有 {same} 个相同（{number_type} 对权重做了舍入）；logits 相差不超过 {diff:.3f}。</translation>
    </message>
    <message>
        <source>Checked with llama.cpp: the same token ids for {texts} texts; writing greedily, the same {same} of {tokens} tokens, and where they differed ({ties}) GPT Studio&apos;s two likeliest tokens were within {tolerance} of each other, a near tie that rounding decides. Logits within {diff:.4f}.</source>
        <translation>已用 llama.cpp 检查：{texts} 段文本的词元编号完全相同；按最可能的词元写作时，{tokens} 个词元中有 {same} 个相同，不同的 {ties} 处 GPT Studio 最可能的两个词元相差不到 {tolerance}，属于由舍入决定的几乎打平。logits 相差不超过 {diff:.4f}。</translation>
    </message>
    <message>
        <source>Checked with llama.cpp: the same {tokens} tokens when writing greedily, the same token ids for {texts} texts, and next-token logits within {diff:.4f} of GPT Studio&apos;s (allowed for {number_type}: {tolerance}).</source>
        <translation>已用 llama.cpp 检查：按最可能的词元写作时写出完全相同的 {tokens} 个词元，{texts} 段文本的词元编号完全相同，下一个词元的 logits 与 GPT Studio 相差不超过 {diff:.4f}（{number_type} 允许：{tolerance}）。</translation>
    </message>
    <message>
        <source>No Hugging Face login was found. Log in once with `hf auth login` in a terminal (or set HF_TOKEN to an access token with write permission), then share again.</source>
        <translation>没有找到 Hugging Face 登录信息。请在终端里用 `hf auth login` 登录一次（或把 HF_TOKEN 设为有写入权限的访问令牌），然后再分享。</translation>
    </message>
    <message>
        <source>Preparing the model and its card…</source>
        <translation>正在准备模型和它的模型卡…</translation>
    </message>
    <message>
        <source>Uploading to {repo}…</source>
        <translation>正在上传到 {repo}…</translation>
    </message>
    <message>
        <source>{repo} is not a Hub repository name: write your user (or organisation) name, a slash and a name made of letters, digits, &apos;-&apos;, &apos;_&apos; and &apos;.&apos;, such as ada/shakespeare-gpt.</source>
        <translation>{repo} 不是 Hub 仓库名：请写你的用户名（或组织名）、一个斜杠，再加一个由字母、数字、“-”、“_”和“.”组成的名字，例如 ada/shakespeare-gpt。</translation>
    </message>
    <message>
        <source>The Hub did not accept the model card&apos;s details ({detail}). Choose a licence from the Hub&apos;s list, such as mit or cc-by-4.0.</source>
        <translation>Hub 不接受模型卡里的信息（{detail}）。请从 Hub 的列表中选择一个许可证，例如 mit 或 cc-by-4.0。</translation>
    </message>
    <message>
        <source>The Hub did not accept the login (the token may have expired): log in again with `hf auth login`.</source>
        <translation>Hub 不接受这个登录（令牌可能已过期）：请用 `hf auth login` 重新登录。</translation>
    </message>
    <message>
        <source>The login may not write to {repo}: use a token with write permission, and your own user or an organisation you belong to.</source>
        <translation>这个登录无权写入 {repo}：请使用有写入权限的令牌，并使用你自己的用户名或你所属的组织。</translation>
    </message>
    <message>
        <source>The Hub refused the upload ({detail}).</source>
        <translation>Hub 拒绝了这次上传（{detail}）。</translation>
    </message>
    <message>
        <source>The Hub cannot be reached ({detail}). Check the internet connection and try again.</source>
        <translation>无法连接到 Hub（{detail}）。请检查网络连接后重试。</translation>
    </message>
    <message>
        <source>GPT Studio cannot use the data folder {folder} (set by GPTSTUDIO_HOME): this computer has no user called &quot;{user}&quot;.</source>
        <translation>GPT Studio 无法使用数据文件夹 {folder}（由 GPTSTUDIO_HOME 指定）：这台电脑上没有名为“{user}”的用户。</translation>
    </message>
    <message>
        <source>GPT Studio cannot keep its projects in {folder} ({problem}).</source>
        <translation>GPT Studio 无法把项目保存在 {folder}（{problem}）。</translation>
    </message>
    <message>
        <source>This model&apos;s tokenizer has no markers for the turns of a conversation: it was made for plain text. Start a new model to learn from conversations.</source>
        <translation>这个模型的分词器没有标记对话轮次的记号：它是为普通文本做的。要从对话学习，请开始一个新模型。</translation>
    </message>
    <message>
        <source>The corpus has {count} conversations with an assistant&apos;s reply; with {share:.0%} kept for validation it needs at least {minimum}. Add more conversations (separated by blank lines, or one a line in JSON lines).</source>
        <translation>语料里只有 {count} 段带助手回复的对话；留出 {share:.0%} 用于验证时，至少需要 {minimum} 段。请添加更多对话（用空行分隔，或每行一段 JSON）。</translation>
    </message>
    <message>
        <source>Line {line} starts a conversation without a speaker&apos;s label: each turn starts with one of “User:”, “Assistant:” and “System:” (or “Q:” and “A:”, “用户：”, “助手：”, “系统：”, “问：” and “答：”), and conversations are separated by blank lines. A chat between people, such as a messaging app&apos;s export, has no assistant to learn: learn it as one example per line or as continuous text instead.</source>
        <translation>第 {line} 行开始了一段对话，却没有说话人的标签：每一轮都要以“User:”“Assistant:”和“System:”之一开头（或“Q:”和“A:”、“用户：”“助手：”“系统：”“问：”和“答：”），对话之间用空行分开。人与人之间的聊天（比如聊天软件导出的记录）里没有可学习的助手：请改为按“每行一个样本”或“连续文本”来学习它。</translation>
    </message>
    <message>
        <source>Line {line} is not valid JSON ({detail}). Each line of a JSON lines file holds one conversation, such as {{&quot;messages&quot;: [{{&quot;role&quot;: &quot;user&quot;, &quot;content&quot;: &quot;Hi&quot;}}, {{&quot;role&quot;: &quot;assistant&quot;, &quot;content&quot;: &quot;Hello!&quot;}}]}}.</source>
        <translation>第 {line} 行不是有效的 JSON（{detail}）。每行一段 JSON 的文件里，每一行是一段对话，例如 {{&quot;messages&quot;: [{{&quot;role&quot;: &quot;user&quot;, &quot;content&quot;: &quot;Hi&quot;}}, {{&quot;role&quot;: &quot;assistant&quot;, &quot;content&quot;: &quot;Hello!&quot;}}]}}。</translation>
    </message>
    <message>
        <source>Line {line}</source>
        <translation>第 {line} 行</translation>
    </message>
    <message>
        <source>The text is not valid JSON: {detail}.</source>
        <translation>文本不是有效的 JSON：{detail}。</translation>
    </message>
    <message>
        <source>Item {item} of the JSON list</source>
        <translation>JSON 列表的第 {item} 项</translation>
    </message>
    <message>
        <source>{where}: “instruction”, “input” and “output” must be texts.</source>
        <translation>{where}：“instruction”“input”和“output”必须是文本。</translation>
    </message>
    <message>
        <source>{where} is neither a conversation ({{&quot;messages&quot;: [{{&quot;role&quot;: …, &quot;content&quot;: …}}, …]}}) nor an instruction ({{&quot;instruction&quot;: …, &quot;input&quot;: …, &quot;output&quot;: …}}).</source>
        <translation>{where}既不是对话（{{&quot;messages&quot;: [{{&quot;role&quot;: …, &quot;content&quot;: …}}, …]}}），也不是指令（{{&quot;instruction&quot;: …, &quot;input&quot;: …, &quot;output&quot;: …}}）。</translation>
    </message>
    <message>
        <source>{where}: message {index} is not an object with a “role” and a “content”.</source>
        <translation>{where}：第 {index} 条消息不是带“role”和“content”的对象。</translation>
    </message>
    <message>
        <source>{where}: message {index} has the role {role}; the roles are “system”, “user” and “assistant”.</source>
        <translation>{where}：第 {index} 条消息的角色是 {role}；角色只能是“system”“user”和“assistant”。</translation>
    </message>
    <message>
        <source>{where}: message {index} has no text (its “content”).</source>
        <translation>{where}：第 {index} 条消息没有文本（它的“content”）。</translation>
    </message>
    <message>
        <source>The download was cancelled. The files already complete are kept; starting it again downloads only the rest.</source>
        <translation>下载已取消。已经下载完整的文件会保留；再次开始时只下载其余部分。</translation>
    </message>
    <message>
        <source>{name} is not a model name of the Hugging Face Hub: a name is like gpt2 or uer/gpt2-chinese-poem (letters, digits, - _ . and one /).</source>
        <translation>{name} 不是 Hugging Face Hub 上的模型名称：名称形如 gpt2 或 uer/gpt2-chinese-poem（字母、数字、- _ . 以及一个 /）。</translation>
    </message>
    <message>
        <source>The model {name} is shared only with Hugging Face accounts that accepted its terms; GPT Studio downloads open models only.</source>
        <translation>模型 {name} 只对接受了其条款的 Hugging Face 账号开放；GPT Studio 只下载公开的模型。</translation>
    </message>
    <message>
        <source>There is no model {name} on the Hugging Face Hub (or it is private). Check the name: it is written like gpt2 or uer/gpt2-chinese-poem.</source>
        <translation>Hugging Face Hub 上没有模型 {name}（或者它是私有的）。请检查名称：它的写法形如 gpt2 或 uer/gpt2-chinese-poem。</translation>
    </message>
    <message>
        <source>The model {name} has no config.json, so it is not a model GPT Studio can read.</source>
        <translation>模型 {name} 没有 config.json，所以不是 GPT Studio 能读取的模型。</translation>
    </message>
    <message>
        <source>The model {name} has no weights in a format GPT Studio reads (model.safetensors or pytorch_model.bin).</source>
        <translation>模型 {name} 没有 GPT Studio 能读取格式的权重（model.safetensors 或 pytorch_model.bin）。</translation>
    </message>
    <message>
        <source>The model {name} has no tokenizer GPT Studio reads (GPT-2&apos;s vocab.json and merges.txt, or BERT&apos;s vocab.txt).</source>
        <translation>模型 {name} 没有 GPT Studio 能读取的分词器（GPT-2 的 vocab.json 和 merges.txt，或 BERT 的 vocab.txt）。</translation>
    </message>
    <message>
        <source>The model&apos;s config.json cannot be read ({detail}).</source>
        <translation>无法读取模型的 config.json（{detail}）。</translation>
    </message>
    <message>
        <source>The model&apos;s config.json is not a JSON object.</source>
        <translation>模型的 config.json 不是一个 JSON 对象。</translation>
    </message>
    <message>
        <source>Downloading {name} needs {needed} of disk space in {folder}, but only {free} is free. Free some space, then try again.</source>
        <translation>下载 {name} 需要 {folder} 中有 {needed} 的磁盘空间，但只剩 {free}。请腾出一些空间后再试。</translation>
    </message>
    <message>
        <source>The download of {file} broke off ({detail}). Try again: the files already complete are kept.</source>
        <translation>{file} 的下载中断了（{detail}）。请再试一次：已经下载完整的文件会保留。</translation>
    </message>
    <message>
        <source>The model {name} is not on this computer, and downloading is turned off (HF_HUB_OFFLINE is set). Download it once while online, or unset HF_HUB_OFFLINE.</source>
        <translation>模型 {name} 不在这台电脑上，而且下载已关闭（设置了 HF_HUB_OFFLINE）。请在联网时下载一次，或取消 HF_HUB_OFFLINE。</translation>
    </message>
    <message>
        <source>The Hugging Face Hub cannot be reached ({detail}), and the model {name} is not on this computer yet. Check the internet connection, then try again.</source>
        <translation>无法连接 Hugging Face Hub（{detail}），而模型 {name} 还不在这台电脑上。请检查网络连接后再试。</translation>
    </message>
    <message>
        <source>The downloaded file {file} is damaged: its checksum differs from the Hub&apos;s. It was removed; try again to download it anew.</source>
        <translation>下载的文件 {file} 已损坏：它的校验和与 Hub 上的不同。它已被删除；请再试一次重新下载。</translation>
    </message>
    <message>
        <source>This WordPiece vocabulary lacks the special token {token}.</source>
        <translation>这个 WordPiece 词表缺少特殊词元 {token}。</translation>
    </message>
    <message>
        <source>The fine-tuning method must be auto, full or lora.</source>
        <translation>微调方式必须是 auto、full 或 lora。</translation>
    </message>
    <message>
        <source>The GPT-2 folder has no tokenizer (vocab.json and merges.txt, or vocab.txt): it is needed to fine-tune the model on your text.</source>
        <translation>这个 GPT-2 文件夹没有分词器（vocab.json 和 merges.txt，或 vocab.txt）：要用你的文本微调模型，必须有它。</translation>
    </message>
    <message>
        <source>This model&apos;s WordPiece vocabulary (the Chinese GPT-2 models&apos;) cannot take the turn markers conversations need yet. Start from an English GPT-2, or train a new model on the conversations.</source>
        <translation>这个模型的 WordPiece 词表（中文 GPT-2 模型用的）暂时还放不进对话所需的轮次标记。请从英文 GPT-2 开始，或者在这些对话上训练一个新模型。</translation>
    </message>
    <message>
        <source>The model gave no usable probabilities for the next token (they are not numbers): its weights are broken. Train it again, or use an earlier saved model.</source>
        <translation>模型给出的下一个词元的概率不可用（它们不是数字）：模型的权重已损坏。请重新训练，或改用更早保存的模型。</translation>
    </message>
    <message>
        <source>This model was trained before GPT Studio chose the examples it checks on by what they say; most of the examples it is checked on now are ones it was taught, so its validation loss reads lower than it should. Start a new model for a fair check.</source>
        <translation>这个模型是在 GPT Studio 按内容挑选检验样本之前训练的：它现在受检验的样本，大多是它学过的，所以它的验证损失比应有的低。要得到公平的检验，请新建一个模型。</translation>
    </message>
</context>
<context>
    <name>ExplorerView</name>
    <message>
        <source>Train the model first, then look at what it predicts.</source>
        <translation>请先训练模型，再来看它的预测。</translation>
    </message>
    <message>
        <source>Each bar is one token the model could write next. Outline: how likely the model itself thinks it is, before your settings. Blue: its chance with your settings. Grey: cut by your settings, so it can never be picked. Click a bar to add that token to the prompt and see the next step.</source>
        <translation>每根柱子代表模型接下来可能写出的一个词元。轮廓：在应用你的设置之前，模型自己认为它有多大可能。蓝色：按你的设置它被选中的概率。灰色：被你的设置剔除，永远不会被选中。点击一根柱子，就能把这个词元加到提示词里，看看再往下会怎样。</translation>
    </message>
    <message>
        <source>Type the beginning of a text (or leave it empty) to see what the model would write next.</source>
        <translation>输入一段文本的开头（也可以留空），看看模型接下来会写什么。</translation>
    </message>
    <message>
        <source>The text so far. The chart shows which token the model thinks comes right after it. It can only use characters it saw in the corpus.</source>
        <translation>目前为止的文本。图表显示模型认为紧接着它出现的是哪个词元。只能使用模型在语料中见过的字符。</translation>
    </message>
    <message>
        <source>Clear</source>
        <comment>button: empty the prompt</comment>
        <translation>清空</translation>
    </message>
    <message>
        <source>Empty the prompt and start again from the beginning.</source>
        <translation>清空提示词，从头开始。</translation>
    </message>
    <message>
        <source>Temperature: how adventurous the writing is. Lower makes the likeliest tokens even likelier; higher evens the chances out. 0 always picks the likeliest token.</source>
        <translation>温度：写作有多大胆。调低会让最可能的词元更容易被选中；调高会让各个词元的机会更平均。设为 0 时总是选最可能的词元。</translation>
    </message>
    <message>
        <source>Top-k: choose only among the k likeliest next tokens; the others turn grey. 0 turns it off.</source>
        <translation>Top-k：只在最可能的 k 个词元中选择；其余的会变成灰色。设为 0 即关闭。</translation>
    </message>
    <message>
        <source>Top-p (nucleus): keep the likeliest tokens until their chances add up to p; the rest turn grey. 1 turns it off.</source>
        <translation>Top-p（核采样）：从最可能的词元开始保留，直到它们的概率加起来达到 p；其余的会变成灰色。设为 1 即关闭。</translation>
    </message>
    <message>
        <source>Min-p: drop tokens less than min-p times as likely as the best one; they turn grey. 0 turns it off.</source>
        <translation>Min-p：去掉概率不到最可能词元 min-p 倍的词元；它们会变成灰色。设为 0 即关闭。</translation>
    </message>
    <message>
        <source>The last characters of the prompt: the chart shows what the model thinks comes right after them.</source>
        <translation>提示词的最后几个字符：图表显示模型认为紧接在它们后面的是什么。</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Prompt</source>
        <comment>label above the text box</comment>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Click a bar (or its token name) to add that token to the prompt.</source>
        <translation>点击一根柱子（或它的词元名称），把这个词元加到提示词里。</translation>
    </message>
    <message>
        <source>The model would end the text here: that token means &quot;this example is finished&quot;. Clear the prompt to start a new one.</source>
        <translation>模型会在这里结束文本：这个词元的意思是“这个例子写完了”。清空提示词即可重新开始。</translation>
    </message>
    <message>
        <source>cut (was {share})</source>
        <translation>已剔除（原为 {share}）</translation>
    </message>
    <message>
        <source>What the model would write first, with nothing before it:</source>
        <translation>在前面什么都没有时，模型首先会写出：</translation>
    </message>
    <message>
        <source>What the model would write after “{prompt}”:</source>
        <translation>模型在“{prompt}”之后会写出：</translation>
    </message>
</context>
<context>
    <name>ExportDialogs</name>
    <message>
        <source>f16: half the size of f32, writes the same (recommended)</source>
        <translation>f16：大小是 f32 的一半，写出的内容相同（推荐）</translation>
    </message>
    <message>
        <source>f32: the weights exactly as trained, the largest file</source>
        <translation>f32：与训练完全相同的权重，文件最大</translation>
    </message>
    <message>
        <source>q8_0: a quarter of f32, weights rounded (may write a little differently)</source>
        <translation>q8_0：大小是 f32 的四分之一，权重经过舍入（写出的内容可能略有不同）</translation>
    </message>
    <message>
        <source>Export as GGUF</source>
        <translation>导出为 GGUF</translation>
    </message>
    <message>
        <source>Writes the model as one GGUF file, the format llama.cpp, Ollama, LM Studio and Jan run. GPT Studio then loads the file with llama.cpp and checks that it cuts text into the same tokens and writes the same words as here. An Ollama Modelfile and a how-to text are written beside it.</source>
        <translation>把模型写成一个 GGUF 文件，这是 llama.cpp、Ollama、LM Studio 和 Jan 运行的格式。随后 GPT Studio 会用 llama.cpp 加载这个文件，检查它是否把文本切成同样的词元、写出和这里同样的内容。旁边还会写入一个 Ollama Modelfile 和一份使用说明。</translation>
    </message>
    <message>
        <source>Share on the Hugging Face Hub</source>
        <translation>分享到 Hugging Face Hub</translation>
    </message>
    <message>
        <source>Uploads the model to the Hugging Face Hub, where others can find and download it, with a model card: the size of the text, the settings, the loss curve and samples of what it writes. The text itself is not uploaded.</source>
        <translation>把模型上传到 Hugging Face Hub，别人可以在那里找到并下载它，同时附上一张模型卡：文本的大小、设置、损失曲线和它写出的样例。文本本身不会上传。</translation>
    </message>
</context>
<context>
    <name>FindReplace</name>
    <message>
        <source>This is not a valid regular expression: {error}.</source>
        <translation>这不是有效的正则表达式：{error}。</translation>
    </message>
</context>
<context>
    <name>FindReplaceBar</name>
    <message>
        <source>Find in the text</source>
        <translation>在文本中查找</translation>
    </message>
    <message>
        <source>Text to find. Enter finds the next match, Shift+Enter the previous.</source>
        <translation>要查找的文字。按 Enter 查找下一个，Shift+Enter 查找上一个。</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>替换为</translation>
    </message>
    <message>
        <source>What each match becomes. Leave it empty to delete the matches. With a regular expression, \1 is the first group in brackets.</source>
        <translation>每个匹配项要变成的内容。留空则删除匹配项。使用正则表达式时，\1 表示第一个括号分组。</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <source>Only find text with the same capital and small letters.</source>
        <translation>只查找大小写完全相同的文字。</translation>
    </message>
    <message>
        <source>Regular expression</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <source>Read the text to find as a pattern (Python&apos;s regular expressions): ^%$ finds lines of a single %, \d+ numbers, \s+$ spaces at line ends.</source>
        <translation>把要查找的文字当作模式（Python 正则表达式）：^%$ 找出只有一个 % 的行，\d+ 找数字，\s+$ 找行尾的空格。</translation>
    </message>
    <message>
        <source>Previous</source>
        <comment>button: find the previous match</comment>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Find the previous match (Shift+Enter).</source>
        <translation>查找上一个匹配项（Shift+Enter）。</translation>
    </message>
    <message>
        <source>Next</source>
        <comment>button: find the next match</comment>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Find the next match (Enter).</source>
        <translation>查找下一个匹配项（Enter）。</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Replace the selected match, then find the next.</source>
        <translation>替换选中的匹配项，然后查找下一个。</translation>
    </message>
    <message>
        <source>Replace all</source>
        <translation>全部替换</translation>
    </message>
    <message>
        <source>Replace every match at once (Undo brings them all back).</source>
        <translation>一次替换所有匹配项（撤销可全部恢复）。</translation>
    </message>
    <message>
        <source>Hide the find bar (Esc).</source>
        <translation>隐藏查找栏（Esc）。</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>Matches replaced: {count:,}</source>
        <translation>已替换：{count:,} 处</translation>
    </message>
</context>
<context>
    <name>GGUFDialog</name>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>How the weights are stored. f32 keeps every digit; f16 rounds them to half the size and writes the same text; q8_0 rounds them more.</source>
        <translation>权重的存储方式。f32 保留每一位；f16 舍入到一半大小，写出的文本相同；q8_0 舍入得更多。</translation>
    </message>
    <message>
        <source>Numbers:</source>
        <translation>数值：</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Show folder</source>
        <translation>显示文件夹</translation>
    </message>
    <message>
        <source>&lt;b&gt;Not done:&lt;/b&gt; {reason}</source>
        <translation>&lt;b&gt;未完成：&lt;/b&gt;{reason}</translation>
    </message>
    <message>
        <source>Save the GGUF file</source>
        <translation>保存 GGUF 文件</translation>
    </message>
    <message>
        <source>GGUF files (*.gguf)</source>
        <translation>GGUF 文件 (*.gguf)</translation>
    </message>
    <message>
        <source>Choose where to save the file first.</source>
        <translation>请先选择文件保存的位置。</translation>
    </message>
    <message>
        <source>Text llama.cpp cuts into tokens otherwise:</source>
        <translation>llama.cpp 切分方式不同的文本：</translation>
    </message>
    <message>
        <source>Written: {files}</source>
        <translation>已写入：{files}</translation>
    </message>
    <message>
        <source>Ollama: &lt;code&gt;ollama create {name} -f {name}.Modelfile&lt;/code&gt; in that folder; the how-to text says more.</source>
        <translation>Ollama：在那个文件夹中运行 &lt;code&gt;ollama create {name} -f {name}.Modelfile&lt;/code&gt;；使用说明里有更多内容。</translation>
    </message>
</context>
<context>
    <name>GenerateRuns</name>
    <message>
        <source>This model learnt conversations: it answers on the Chat tab. Here it continues your text as written, without a conversation&apos;s turns, so what it writes can read as nonsense.</source>
        <translation>这个模型学的是对话：它在“对话”页回答。在这里它只是照原样接着写你的文本，没有对话的轮次，所以写出来的可能读不通。</translation>
    </message>
    <message>
        <source>Ready: type a prompt (or leave it empty) and press Generate.</source>
        <translation>准备就绪：输入提示词（也可以留空），然后点击“生成”。</translation>
    </message>
    <message>
        <source>There is no trained model yet: train it in the Train tab first (even a minute helps).</source>
        <translation>还没有训练好的模型：请先在“训练”页训练它（哪怕只训练一分钟也有用）。</translation>
    </message>
    <message>
        <source>There is no trained model yet: train it first.</source>
        <translation>还没有训练好的模型：请先训练。</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写…</translation>
    </message>
    <message>
        <source>Remove them and generate</source>
        <translation>删除它们并生成</translation>
    </message>
    <message>
        <source>Take what the model has never seen out of the prompt, then generate.</source>
        <translation>把模型从没见过的内容从提示词中删掉，然后生成。</translation>
    </message>
    <message>
        <source>Stopped: {tokens:,} tokens written.</source>
        <translation>已停止：写了 {tokens:,} 个词元。</translation>
    </message>
    <message>
        <source>Done: {tokens:,} tokens written.</source>
        <translation>完成：写了 {tokens:,} 个词元。</translation>
    </message>
    <message>
        <source>There is no text to save yet: press Generate first.</source>
        <translation>还没有可以保存的文本：请先点击“生成”。</translation>
    </message>
    <message>
        <source>Save generated text</source>
        <translation>保存生成的文本</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not save the text: {error}</source>
        <translation>无法保存文本：{error}</translation>
    </message>
    <message>
        <source>Saved to {path}.</source>
        <translation>已保存到 {path}。</translation>
    </message>
</context>
<context>
    <name>GenerateTab</name>
    <message>
        <source>Type how the text should begin (or leave empty), then press Generate or Ctrl+Enter.</source>
        <translation>输入文本的开头（也可以留空），然后按“生成”或 Ctrl+Enter。</translation>
    </message>
    <message>
        <source>The model continues this text. Leave it empty to let it start on its own. It can only use characters it saw in the corpus.</source>
        <translation>模型会接着这段文本往下写。留空则让它自己开头。它只能使用在语料中见过的字符。</translation>
    </message>
    <message>
        <source>Temperature: how adventurous the writing is. 0 always picks the likeliest next token (repetitive); 0.7-1 is natural; above 1.2 gets wild.</source>
        <translation>温度：决定写作有多大胆。0 总是选择最可能的下一个词元（容易重复）；0.7-1 比较自然；高于 1.2 就会变得天马行空。</translation>
    </message>
    <message>
        <source>Top-k: choose only among the k likeliest next tokens. Smaller = safer text. 0 turns it off.</source>
        <translation>Top-k：只在最可能的 k 个下一个词元中选择。k 越小，文本越稳妥。0 表示关闭。</translation>
    </message>
    <message>
        <source>Top-p (nucleus): choose among the likeliest tokens whose chances add up to p. 0.9 cuts off unlikely oddities; 1 turns it off.</source>
        <translation>Top-p（核采样）：在可能性最高、概率加起来达到 p 的那些词元中选择。0.9 能去掉不太可能的怪词；1 表示关闭。</translation>
    </message>
    <message>
        <source>Min-p: drop tokens less than min-p times as likely as the best one. 0.05 removes nonsense while keeping variety; 0 turns it off.</source>
        <translation>Min-p：舍弃可能性不到最可能词元 min-p 倍的词元。0.05 能去掉胡言乱语，同时保留多样性；0 表示关闭。</translation>
    </message>
    <message>
        <source>Repetition penalty: above 1 makes tokens already used less likely, so the text repeats itself less. 1 = off.</source>
        <translation>重复惩罚：大于 1 时，已经用过的词元会变得不太可能被选中，文本就不那么重复。1 表示关闭。</translation>
    </message>
    <message>
        <source>How many new tokens (characters, for a character tokenizer) each sample gets at most.</source>
        <translation>每个样本最多生成多少个新词元（使用字符级分词器时就是字符数）。</translation>
    </message>
    <message>
        <source>How many separate texts to write from the same prompt.
The model writes several at the same time: eight take a few times as long as one, not eight times.</source>
        <translation>用同一段开头写出几段不同的文字。
模型同时写好几段：写八段只比写一段多花几倍的时间，而不是八倍。</translation>
    </message>
    <message>
        <source>Different every time</source>
        <translation>每次都不一样</translation>
    </message>
    <message>
        <source>On: each Generate gives new text. Off: the seed below makes the same settings give the same text again.</source>
        <translation>开启：每次“生成”都会得到新文本。关闭：用下面的随机种子，相同的设置会再次写出相同的文本。</translation>
    </message>
    <message>
        <source>The seed: with the same seed and settings the model writes exactly the same text.</source>
        <translation>随机种子：随机种子和设置都相同时，模型写出的文本也完全相同。</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Max new tokens</source>
        <translation>最大新词元数</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>How to write</source>
        <translation>写作方式</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop writing now.</source>
        <translation>立即停止写作。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the generated text to the clipboard.</source>
        <translation>将生成的文本复制到剪贴板。</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Save the generated text to a text file.</source>
        <translation>将生成的文本保存为文本文件。</translation>
    </message>
    <message>
        <source>Show how sure the model was</source>
        <translation>显示模型有多确定</translation>
    </message>
    <message>
        <source>{sure} … {guess} · hover a token for the other choices</source>
        <translation>{sure} … {guess} · 鼠标停在词元上可看到其他候选</translation>
    </message>
    <message>
        <source>sure</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>a guess</source>
        <translation>猜测</translation>
    </message>
    <message>
        <source>Mark text copied from the corpus</source>
        <translation>标出照搬语料的文本</translation>
    </message>
    <message>
        <source>Writing {count} samples at the same time; they are shown one after another.</source>
        <translation>正在同时写 {count} 段；它们会一段接一段地显示。</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>There is no trained model yet: train it in the Train tab first.</source>
        <translation>还没有训练好的模型：请先在“训练”页训练。</translation>
    </message>
    <message>
        <source>Write text with the trained model: the best one, or the latest if you chose it on the Train tab (Ctrl+Enter).</source>
        <translation>用训练好的模型写文本：默认用最好的模型，如果你在“训练”页选了最新的模型，就用最新的（Ctrl+Enter）。</translation>
    </message>
    <message>
        <source>Shade each token by its probability (white = sure, the redder the more of a guess); hover a token to see the other choices it considered.</source>
        <translation>按概率给每个词元着色（白色 = 很确定，越红越像是猜测）；鼠标悬停在词元上，可以看到它考虑过的其他选项。</translation>
    </message>
    <message>
        <source>Writing...</source>
        <translation>正在写…</translation>
    </message>
    <message>
        <source>— sample {number} —</source>
        <translation>— 样本 {number} —</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
    <message>
        <source>Paint in yellow every passage of the output that appears word for word in your text (at least {count} characters in a row, or a whole line of it): there the model recites what it read instead of writing its own.</source>
        <translation>把输出中与你的文本一字不差的段落（至少连续 {count} 个字符，或整整一行）涂成黄色：那里模型是在背诵读过的内容，而不是自己写。</translation>
    </message>
    <message>
        <source>Available once your text has been read through (this takes a moment after the text changes), for texts of up to 5 million characters.</source>
        <translation>要等你的文本读完一遍后才能使用（文本改动后需要稍等片刻），适用于不超过 500 万个字符的文本。</translation>
    </message>
</context>
<context>
    <name>Guide</name>
    <message>
        <source>&amp;Guide</source>
        <translation>使用指南(&amp;G)</translation>
    </message>
    <message>
        <source>What each tab is for, what to look for, the keyboard shortcuts, and where your projects are kept.</source>
        <translation>每个标签页是做什么的、要留意什么、键盘快捷键，以及你的项目保存在哪里。</translation>
    </message>
    <message>
        <source>The text the model learns from. Type, paste, open a file or start from a demo.</source>
        <translation>模型学习用的文本。可以输入、粘贴、打开文件，或者从示例开始。</translation>
    </message>
    <message>
        <source>The counts under the text: how many tokens the model trains on and how many are kept aside to check it. A warning in red means training would refuse the text.</source>
        <translation>文本下方的统计：模型用多少个词元来训练，又留出多少个来检验它。红色的警告表示训练会拒绝这段文本。</translation>
    </message>
    <message>
        <source>How big the model is and how it learns. Automatic chooses for your text and the time you give it; the presets are a good start too.</source>
        <translation>模型有多大、怎样学习。“自动”会根据你的文本和你给的时间来选择；预设也是很好的起点。</translation>
    </message>
    <message>
        <source>The time one training run will take, and any setting marked in red.</source>
        <translation>一次训练要花多长时间，以及标成红色的设置。</translation>
    </message>
    <message>
        <source>Train the model (F5) and watch it learn. Pause, stop and continue whenever you like: nothing is lost.</source>
        <translation>训练模型（F5），看着它学习。随时都可以暂停、停止、继续：什么都不会丢。</translation>
    </message>
    <message>
        <source>The loss falls as the model learns. The validation loss (orange) is measured on text it never trains on: when it rises while the training loss still falls, the model is memorising its text. The star marks the best model, the one kept and used. Click a diamond to hear the model as it was at that step.</source>
        <translation>损失会随着模型学习而下降。验证损失（橙色）是在模型从没训练过的文本上测出来的：如果训练损失还在下降而验证损失却在上升，说明模型在死记它的文本。星号标出最好的模型，也就是保留并使用的那个。点击一个菱形，看看模型在那一步时写了什么。</translation>
    </message>
    <message>
        <source>Let the trained model write, from a beginning you type or from nothing.</source>
        <translation>让训练好的模型来写：从你输入的开头写起，或者从零开始。</translation>
    </message>
    <message>
        <source>Temperature: lower repeats the likeliest words, higher invents more. Mark text copied from the corpus shows which passages the model only learned by heart.</source>
        <translation>温度：调低会重复最可能的词，调高会更有创意。“标出照搬语料的文本”会显示哪些段落模型只是背了下来。</translation>
    </message>
    <message>
        <source>Talk to a model trained on conversations (the data mode Conversations, or a chat demo): it writes the assistant&apos;s replies.</source>
        <translation>和用对话训练的模型聊天（数据模式“对话”，或对话演示）：它来写助手的回复。</translation>
    </message>
    <message>
        <source>Whether the replies answer what was asked. The bar under the conversation shows how much of the model&apos;s context it fills: past that, the model no longer sees the oldest turns.</source>
        <translation>回复有没有答对所问的问题。对话下方的进度条显示对话占了模型上下文的多少：超过之后，模型就看不到最早的轮次了。</translation>
    </message>
    <message>
        <source>See inside the model: what it predicts next, what it pays attention to, how your text is cut into tokens, what one training step changes, and a map of the tokens.</source>
        <translation>看看模型内部：它预测下一个是什么、它关注什么、你的文本怎样被切成词元、一步训练改变了什么，还有一张词元地图。</translation>
    </message>
    <message>
        <source>How the chances of the next token change as you type, and how the map of the tokens sorts itself as training goes on.</source>
        <translation>你打字时下一个词元的概率怎样变化，以及随着训练进行，词元地图怎样渐渐理出头绪。</translation>
    </message>
    <message>
        <source>How GPT Studio works</source>
        <translation>GPT Studio 怎样工作</translation>
    </message>
    <message>
        <source>GPT Studio teaches a small language model to write like the text you give it. Work through the tabs from left to right: each one is a step.</source>
        <translation>GPT Studio 教一个小型语言模型模仿你给它的文本来写作。从左到右依次使用各个标签页：每一页是一个步骤。</translation>
    </message>
    <message>
        <source>The tabs</source>
        <translation>各个标签页</translation>
    </message>
    <message>
        <source>What to look for:</source>
        <translation>要留意：</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Where your projects are kept</source>
        <translation>你的项目保存在哪里</translation>
    </message>
    <message>
        <source>Every project is a folder in {folder}. Everything is saved as you work: there is no Save.</source>
        <translation>每个项目都是 {folder} 里的一个文件夹。你工作时一切都会自动保存：不需要“保存”。</translation>
    </message>
    <message>
        <source>File ▸ Export project file… puts a whole project (text, settings, model) into one .zip file, to keep or to give; File ▸ Import project file… opens one. A deleted project goes to {folder}, and File ▸ Deleted projects… brings it back.</source>
        <translation>“文件 ▸ 导出项目文件…”把整个项目（文本、设置、模型）放进一个 .zip 文件，方便保存或送给别人；“文件 ▸ 导入项目文件…”可以打开这样的文件。删除的项目会移到 {folder}，“文件 ▸ 已删除的项目…”可以把它找回来。</translation>
    </message>
    <message>
        <source>When something goes wrong, Help ▸ Show log folder opens the folder with the details.</source>
        <translation>出了问题时，“帮助 ▸ 显示日志文件夹”会打开记录着详细信息的文件夹。</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>GPT Studio guide</source>
        <translation>GPT Studio 使用指南</translation>
    </message>
</context>
<context>
    <name>HubDialog</name>
    <message>
        <source>your-name/model-name</source>
        <translation>你的用户名/模型名</translation>
    </message>
    <message>
        <source>Your Hugging Face user (or organisation) name, a slash, and a name for the model. A new repository is created; an existing one of yours is updated.</source>
        <translation>你的 Hugging Face 用户名（或组织名）、一个斜杠，再加模型的名字。会新建一个仓库；如果是你已有的仓库，则更新它。</translation>
    </message>
    <message>
        <source>Repository:</source>
        <translation>仓库：</translation>
    </message>
    <message>
        <source>The terms others may use the model under, as the Hub names them (mit lets anyone do anything with it; cc-by-4.0 asks them to name you). Empty: not chosen.</source>
        <translation>别人使用这个模型时须遵守的条款，按 Hub 的命名（mit 允许任何人随意使用；cc-by-4.0 要求他们注明你的名字）。留空：不选择。</translation>
    </message>
    <message>
        <source>Licence:</source>
        <translation>许可证：</translation>
    </message>
    <message>
        <source>Private: only you can see it</source>
        <translation>私有：只有你能看到</translation>
    </message>
    <message>
        <source>hf_…</source>
        <translation>hf_…</translation>
    </message>
    <message>
        <source>Uses your Hugging Face login on this computer.</source>
        <translation>使用这台电脑上的 Hugging Face 登录信息。</translation>
    </message>
    <message>
        <source>No Hugging Face login was found on this computer. Log in once with &lt;code&gt;hf auth login&lt;/code&gt; in a terminal, or paste an access token with write permission below (it is used once, not saved).</source>
        <translation>这台电脑上没有找到 Hugging Face 登录信息。请在终端里用 &lt;code&gt;hf auth login&lt;/code&gt; 登录一次，或在下面粘贴一个有写入权限的访问令牌（只用这一次，不会保存）。</translation>
    </message>
    <message>
        <source>Login:</source>
        <translation>登录：</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>令牌：</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>分享</translation>
    </message>
    <message>
        <source>Write the repository&apos;s name first, such as your-name/model-name.</source>
        <translation>请先写仓库名，例如 你的用户名/模型名。</translation>
    </message>
    <message>
        <source>&lt;b&gt;✔ Shared:&lt;/b&gt; &lt;a href=&quot;{url}&quot;&gt;{url}&lt;/a&gt;</source>
        <translation>&lt;b&gt;✔ 已分享：&lt;/b&gt; &lt;a href=&quot;{url}&quot;&gt;{url}&lt;/a&gt;</translation>
    </message>
</context>
<context>
    <name>InspectTab</name>
    <message>
        <source>The model could not be loaded ({error}).</source>
        <translation>无法加载模型（{error}）。</translation>
    </message>
    <message>
        <source>Next token</source>
        <translation>下一个词元</translation>
    </message>
    <message>
        <source>Attention</source>
        <comment>tab name</comment>
        <translation>注意力</translation>
    </message>
    <message>
        <source>Tokens</source>
        <comment>tab name</comment>
        <translation>词元</translation>
    </message>
    <message>
        <source>One training step</source>
        <translation>单步训练</translation>
    </message>
    <message>
        <source>Embedding map</source>
        <translation>嵌入图</translation>
    </message>
    <message>
        <source>For a beginning of text, the tokens the model thinks could come next, and how the sampling settings change the odds.</source>
        <translation>给出一段开头，看看模型认为接下来可能出现哪些词元，以及采样设置如何改变这些概率。</translation>
    </message>
    <message>
        <source>Which earlier tokens the model looks at when it reads each token.</source>
        <translation>模型在读每个词元时，会关注前面的哪些词元。</translation>
    </message>
    <message>
        <source>How your text is cut into the pieces (tokens) the model reads, and how many pieces each way of cutting makes.</source>
        <translation>你的文本是怎样被切分成模型读取的小块（词元）的，以及每种切分方式会切出多少块。</translation>
    </message>
    <message>
        <source>Take a single training step on a copy of the model and see how one example&apos;s next-token chances change.</source>
        <translation>在模型的副本上只训练一步，看看一个示例的下一个词元概率会怎样变化。</translation>
    </message>
    <message>
        <source>A map of the tokens: the ones the model uses alike end up close together.</source>
        <translation>一张词元地图：模型用法相近的词元会靠在一起。</translation>
    </message>
    <message>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Looking inside the best model: the one saved at step {step:,}, where the validation loss was lowest.</source>
        <translation>正在查看最好的模型：第 {step:,} 步保存的那个，验证损失在那时最低。</translation>
    </message>
    <message>
        <source>Looking inside the latest model, saved at step {step:,}.</source>
        <translation>正在查看最新的模型，保存于第 {step:,} 步。</translation>
    </message>
    <message>
        <source>Train the model first: then this tab shows what it predicts and what it pays attention to.</source>
        <translation>请先训练模型：之后这一页会显示它预测了什么、注意力放在哪里。</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言 / Language(&amp;L)</translation>
    </message>
    <message>
        <source>Follow the system ({language})</source>
        <translation>跟随系统（{language}）</translation>
    </message>
    <message>
        <source>Use the language the computer is set to, when GPT Studio has it; English otherwise.</source>
        <translation>如果 GPT Studio 支持电脑所设置的语言，就使用该语言；否则使用英文。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>GPT Studio will be in {language} from its next start. Restart it now? Your work is saved first.</source>
        <translation>GPT Studio 将从下次启动起使用 {language}。现在重启吗？会先保存你的工作。</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>training step</source>
        <translation>训练步数</translation>
    </message>
    <message>
        <source>loss (lower is better)</source>
        <translation>损失（越低越好）</translation>
    </message>
    <message>
        <source>Loss measures how surprised the model is by the real next character: it falls as the model learns. If validation loss rises while training loss keeps falling, the model is memorising instead of learning.</source>
        <translation>损失衡量的是模型看到真正的下一个字符时有多“意外”：模型学得越多，损失就越低。如果验证损失上升，训练损失却还在下降，说明模型在死记硬背，而不是在学习。</translation>
    </message>
    <message>
        <source>training loss (each step)</source>
        <translation>训练损失（每一步）</translation>
    </message>
    <message>
        <source>training loss (smoothed)</source>
        <translation>训练损失（平滑后）</translation>
    </message>
    <message>
        <source>validation loss (unseen text)</source>
        <translation>验证损失（没见过的文本）</translation>
    </message>
    <message>
        <source>saved model: click to read what it wrote</source>
        <translation>存档模型：点击看看它当时写了什么</translation>
    </message>
    <message>
        <source>best model (kept and used)</source>
        <translation>最好的模型（保留并使用）</translation>
    </message>
    <message>
        <source>loss</source>
        <comment>the plot&apos;s y axis, where its long label does not fit</comment>
        <translation>损失</translation>
    </message>
    <message>
        <source>loss (log scale)</source>
        <translation>损失（对数刻度）</translation>
    </message>
</context>
<context>
    <name>LossWords</name>
    <message>
        <source>words</source>
        <translation>词</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>word</source>
        <translation>词</translation>
    </message>
    <message>
        <source>token</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>The loss is not a number, so it says nothing about what the model has learned.</source>
        <translation>损失不是一个有效的数字，所以它说明不了模型学到了什么。</translation>
    </message>
    <message>
        <source>characters</source>
        <translation>字符</translation>
    </message>
    <message>
        <source>character</source>
        <translation>字符</translation>
    </message>
    <message>
        <source>At its best (step {step:,}) the model guessed no better than picking blindly among all {vocab_size:,} {tokens}.</source>
        <translation>在最好的时候（第 {step:,} 步），模型猜得也并不比在全部 {vocab_size:,} 个{tokens}中盲猜更好。</translation>
    </message>
    <message>
        <source>At its best (step {step:,}) the model was almost certain of every next {token}.</source>
        <translation>在最好的时候（第 {step:,} 步），模型对接下来的每个{token}都几乎完全确定。</translation>
    </message>
    <message>
        <source>At its best (step {step:,}) the model had learned how common each of the {vocab_size:,} {tokens} is (as unsure as choosing among {count}), but not yet what follows what.</source>
        <translation>在最好的时候（第 {step:,} 步），模型已经学会这 {vocab_size:,} 个{tokens}各自有多常见（不确定程度相当于在 {count} 个中选一个），但还没学会什么后面跟什么。</translation>
    </message>
    <message>
        <source>At its best (step {step:,}) the model was about as unsure as choosing among {count} {tokens}; guessing by how common each is would be choosing among {frequency}, and guessing blindly among all {vocab_size:,}.</source>
        <translation>在最好的时候（第 {step:,} 步），模型的不确定程度大约相当于从 {count} 个{tokens}中选一个；只按常见程度来猜相当于在 {frequency} 个中选，盲猜则是在全部 {vocab_size:,} 个中选。</translation>
    </message>
    <message>
        <source>At its best (step {step:,}) the model was about as unsure as choosing among {count} {tokens} (out of {vocab_size:,}).</source>
        <translation>在最好的时候（第 {step:,} 步），模型的不确定程度大约相当于从 {count} 个{tokens}中选一个（总共 {vocab_size:,} 个）。</translation>
    </message>
    <message>
        <source>At its best (step {step:,}) the model was about as unsure as choosing among {count} {tokens}.</source>
        <translation>在最好的时候（第 {step:,} 步），模型的不确定程度大约相当于从 {count} 个{tokens}中选一个。</translation>
    </message>
    <message>
        <source>The model guesses no better than picking blindly among all {count:,} {tokens}.</source>
        <translation>模型猜得并不比在全部 {count:,} 个{tokens}中盲猜更好。</translation>
    </message>
    <message>
        <source>The model is almost certain of every next {token}: on new text that usually means it has memorised its training text.</source>
        <translation>模型对接下来的每个{token}都几乎完全确定：在新文本上出现这种情况，通常说明它已经把训练文本背下来了。</translation>
    </message>
    <message>
        <source>The model has learned how common each of the {vocab_size:,} {tokens} is (it is as unsure as choosing among {count}), but not yet what follows what: guessing by frequency alone does as well.</source>
        <translation>模型已经学会这 {vocab_size:,} 个{tokens}各自有多常见（不确定程度相当于在 {count} 个中选一个），但还没学会什么后面跟什么：只按出现频率来猜也能做到这样。</translation>
    </message>
    <message>
        <source>The model is now about as unsure as choosing among {count} {tokens}; guessing by how common each is would be choosing among {frequency}, and guessing blindly among all {vocab_size:,}.</source>
        <translation>模型现在的不确定程度，大约相当于从 {count} 个{tokens}中选一个；只按常见程度来猜相当于在 {frequency} 个中选，盲猜则是在全部 {vocab_size:,} 个中选。</translation>
    </message>
    <message>
        <source>The model is now about as unsure as choosing among {count} {tokens} (out of {vocab_size:,}).</source>
        <translation>模型现在的不确定程度，大约相当于从 {count} 个{tokens}中选一个（总共 {vocab_size:,} 个）。</translation>
    </message>
    <message>
        <source>The model is now about as unsure as choosing among {count} {tokens}.</source>
        <translation>模型现在的不确定程度，大约相当于从 {count} 个{tokens}中选一个。</translation>
    </message>
    <message>
        <source>Now it guesses no better than picking blindly among all {vocab_size:,} {tokens}.</source>
        <translation>而现在，它猜得并不比在全部 {vocab_size:,} 个{tokens}中盲猜更好。</translation>
    </message>
    <message>
        <source>Now it is about as unsure as choosing among {count} {tokens}.</source>
        <translation>而现在，它的不确定程度大约相当于从 {count} 个{tokens}中选一个。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Validation loss {loss}&lt;/b&gt; (step {step:,}), up from its best, {best:.2f} at step {best_step:,}: the model is memorising its text. {at_best} {now}</source>
        <translation>&lt;b&gt;验证损失 {loss}&lt;/b&gt;（第 {step:,} 步），比最好时（第 {best_step:,} 步的 {best:.2f}）高：模型在死记硬背文本。{at_best}{now}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Validation loss {loss}&lt;/b&gt; (step {step:,}): {sentence}</source>
        <translation>&lt;b&gt;验证损失 {loss}&lt;/b&gt;（第 {step:,} 步）：{sentence}</translation>
    </message>
    <message>
        <source>The model is starting to memorise its text: validation loss went up from {best_val:.2f} (step {best_step:,}) to {last_val:.2f} while training loss kept falling ({best_train:.2f} to {last_train:.2f}). Training longer will not help; the model of step {best_step:,}, its best, is kept and used for writing. To do better: more text, a smaller model (Automatic settings choose one for your text), or a pretrained model to start from.</source>
        <translation>模型开始死记硬背文本了：验证损失从 {best_val:.2f}（第 {best_step:,} 步）升到 {last_val:.2f}，而训练损失还在下降（{best_train:.2f} 到 {last_train:.2f}）。继续训练没有帮助；第 {best_step:,} 步那个最好的模型已保留，写作时使用它。想做得更好：更多文本、更小的模型（自动设置会为你的文本选一个），或从预训练模型开始。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>1 · Corpus</source>
        <translation>1 · 语料</translation>
    </message>
    <message>
        <source>2 · Model &amp;&amp; Training settings</source>
        <translation>2 · 模型与训练设置</translation>
    </message>
    <message>
        <source>3 · Train</source>
        <translation>3 · 训练</translation>
    </message>
    <message>
        <source>4 · Generate</source>
        <translation>4 · 生成</translation>
    </message>
    <message>
        <source>5 · Chat</source>
        <translation>5 · 对话</translation>
    </message>
    <message>
        <source>6 · Look inside</source>
        <translation>6 · 模型内部</translation>
    </message>
    <message>
        <source>The text the model learns from. Edit it, paste into it, or open a file.</source>
        <translation>模型学习用的文本。你可以编辑它、往里粘贴，或者打开一个文件。</translation>
    </message>
    <message>
        <source>How big the model is and how it learns, with presets for beginners.</source>
        <translation>模型有多大、怎样学习，还有为初学者准备的预设。</translation>
    </message>
    <message>
        <source>Train the model and watch the loss fall and its writing improve.</source>
        <translation>训练模型，看着损失下降、它写的文字越来越好。</translation>
    </message>
    <message>
        <source>Let the trained model write.</source>
        <translation>让训练好的模型来写作。</translation>
    </message>
    <message>
        <source>Talk to a model trained on conversations: it answers each message.</source>
        <translation>和学过对话的模型聊天：它会回答每一条消息。</translation>
    </message>
    <message>
        <source>See inside the model: what it predicts next, what it pays attention to, and how your text is cut into tokens.</source>
        <translation>查看模型内部：它预测接下来是什么、它把注意力放在哪里，以及你的文本是怎样被切分成词元的。</translation>
    </message>
    <message>
        <source>Device: starting…</source>
        <translation>设备：正在启动…</translation>
    </message>
    <message>
        <source>Where the model is trained: the graphics card (GPU) if there is one, else the processor (CPU).</source>
        <translation>训练模型所用的设备：有显卡（GPU）就用显卡，否则用处理器（CPU）。</translation>
    </message>
    <message>
        <source>No project</source>
        <translation>未打开项目</translation>
    </message>
    <message>
        <source>The open project. Everything is saved automatically.</source>
        <translation>当前打开的项目。所有内容都会自动保存。</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>What GPT Studio is doing now.</source>
        <translation>GPT Studio 当前正在做什么。</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>Create a project from a demo text or a text file.</source>
        <translation>用示例文本或文本文件创建项目。</translation>
    </message>
    <message>
        <source>New project from a &amp;text file…</source>
        <translation>从文本文件新建项目(&amp;T)…</translation>
    </message>
    <message>
        <source>Choose a text file of your own: a new project learns from it, with settings chosen for it.</source>
        <translation>选择你自己的一个文本文件：新项目从它学习，并为它选好设置。</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open one of your projects.</source>
        <translation>打开你的某个项目。</translation>
    </message>
    <message>
        <source>&amp;Close project</source>
        <translation>关闭项目(&amp;C)</translation>
    </message>
    <message>
        <source>Save and close the project, back to the start page.</source>
        <translation>保存并关闭项目，回到开始页面。</translation>
    </message>
    <message>
        <source>&amp;Rename project…</source>
        <translation>重命名项目(&amp;R)…</translation>
    </message>
    <message>
        <source>Give the project a new name.</source>
        <translation>给项目起个新名字。</translation>
    </message>
    <message>
        <source>&amp;Duplicate project…</source>
        <translation>创建项目副本(&amp;D)…</translation>
    </message>
    <message>
        <source>Make a copy of the project, model included, to try something without losing the original.</source>
        <translation>为项目创建一个副本（包括模型），这样可以尝试新东西，而不会丢失原来的项目。</translation>
    </message>
    <message>
        <source>De&amp;lete project…</source>
        <translation>删除项目(&amp;L)…</translation>
    </message>
    <message>
        <source>Move the project to the trash folder (asks first); File ▸ Deleted projects… can restore it.</source>
        <translation>把项目移到回收站（会先询问你）；之后可以通过“文件 ▸ 已删除的项目…”恢复。</translation>
    </message>
    <message>
        <source>&amp;Export project file…</source>
        <translation>导出项目文件(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the whole project (text, settings, model) as one .zip file.</source>
        <translation>把整个项目（文本、设置、模型）保存为一个 .zip 文件。</translation>
    </message>
    <message>
        <source>&amp;Import project file…</source>
        <translation>导入项目文件(&amp;I)…</translation>
    </message>
    <message>
        <source>Open a project from a .zip file.</source>
        <translation>从 .zip 文件打开项目。</translation>
    </message>
    <message>
        <source>New project from a &amp;pretrained model…</source>
        <translation>从预训练模型新建项目(&amp;P)…</translation>
    </message>
    <message>
        <source>Download a pretrained model such as GPT-2 by its name and fine-tune it on your text.</source>
        <translation>按名称下载 GPT-2 等预训练模型，并用你的文本微调它。</translation>
    </message>
    <message>
        <source>New project from a &amp;GPT-2 folder…</source>
        <translation>从 GPT-2 文件夹新建项目(&amp;G)…</translation>
    </message>
    <message>
        <source>Start from a pretrained GPT-2 (a Hugging Face model folder on this computer) and fine-tune it on your text.</source>
        <translation>从预训练好的 GPT-2（这台电脑上的一个 Hugging Face 模型文件夹）开始，用你的文本对它进行微调。</translation>
    </message>
    <message>
        <source>Export to &amp;Hugging Face format…</source>
        <translation>导出为 Hugging Face 格式(&amp;H)…</translation>
    </message>
    <message>
        <source>Write the trained model as a GPT-2 folder that the transformers library can load.</source>
        <translation>把训练好的模型保存为 transformers 库可以加载的 GPT-2 文件夹。</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close GPT Studio (your work is saved).</source>
        <translation>关闭 GPT Studio（你的工作已经保存）。</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>Train the model (continues from the last checkpoint).</source>
        <translation>训练模型（从上一个检查点继续）。</translation>
    </message>
    <message>
        <source>&amp;Pause / Resume</source>
        <translation>暂停 / 继续(&amp;P)</translation>
    </message>
    <message>
        <source>Pause or resume training.</source>
        <translation>暂停或继续训练。</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Stop training (saving a checkpoint) or stop writing.</source>
        <translation>停止训练（并保存检查点），或停止生成。</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Write text with the trained model.</source>
        <translation>用训练好的模型写文本。</translation>
    </message>
    <message>
        <source>&amp;About GPT Studio</source>
        <translation>关于 GPT Studio(&amp;A)</translation>
    </message>
    <message>
        <source>What this program is.</source>
        <translation>介绍这个程序。</translation>
    </message>
    <message>
        <source>&amp;Compare projects…</source>
        <translation>比较项目(&amp;C)…</translation>
    </message>
    <message>
        <source>Put the loss curves of several trained projects on one plot, and let each write from the same prompt and seed.</source>
        <translation>把几个已训练项目的损失曲线画在同一张图上，并让它们用相同的提示词和随机种子各写一段。</translation>
    </message>
    <message>
        <source>Deleted pro&amp;jects…</source>
        <translation>已删除的项目(&amp;J)…</translation>
    </message>
    <message>
        <source>See the projects you deleted: restore one, or empty the trash to free disk space.</source>
        <translation>查看你删除过的项目：可以恢复其中一个，或者清空回收站以释放磁盘空间。</translation>
    </message>
    <message>
        <source>Show &amp;log folder</source>
        <translation>显示日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>Open the folder with GPT Studio&apos;s log file, which has the details of any error (useful in a bug report).</source>
        <translation>打开存放 GPT Studio 日志文件的文件夹，里面有出错时的详细信息（提交错误报告时很有用）。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main</source>
        <comment>toolbar name</comment>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Fix the settings marked in red in Model &amp; Training settings first.</source>
        <translation>请先在“模型与训练设置”页改正标成红色的设置。</translation>
    </message>
    <message>
        <source>About GPT Studio</source>
        <translation>关于 GPT Studio</translation>
    </message>
    <message>
        <source>&lt;b&gt;GPT Studio {version}&lt;/b&gt;&lt;p&gt;Train a small GPT language model on your own text and watch it learn. Projects are kept in the user data folder.&lt;/p&gt;</source>
        <translation>&lt;b&gt;GPT Studio {version}&lt;/b&gt;&lt;p&gt;用你自己的文本训练一个小型 GPT 语言模型，看着它一点点学会。项目保存在用户数据文件夹中。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Training is running</source>
        <translation>训练正在进行</translation>
    </message>
    <message>
        <source>Training is still running. Stop it, save a checkpoint and quit?</source>
        <translation>训练仍在进行。要停止训练、保存检查点并退出吗？</translation>
    </message>
    <message>
        <source>Stop and quit</source>
        <translation>停止并退出</translation>
    </message>
    <message>
        <source>Keep training</source>
        <translation>继续训练</translation>
    </message>
</context>
<context>
    <name>Memorisation</name>
    <message>
        <source>Copied word for word from your text ({length:,} characters)</source>
        <translation>从你的文本中一字不差地照搬（{length:,} 个字符）</translation>
    </message>
    <message>
        <source>Nothing copied word for word: the model wrote this itself.</source>
        <translation>没有一字不差的照搬：这是模型自己写的。</translation>
    </message>
    <message>
        <source>1 passage copied word for word from your text, {longest:,} characters long.</source>
        <translation>有 1 段文字是从你的文本中一字不差照搬的，长 {longest:,} 个字符。</translation>
    </message>
    <message>
        <source>{count:,} passages copied word for word from your text, the longest {longest:,} characters.</source>
        <translation>有 {count:,} 段文字是从你的文本中一字不差照搬的，最长的有 {longest:,} 个字符。</translation>
    </message>
    <message>
        <source>{share:.0%} of what the model wrote is copied.</source>
        <translation>模型写的内容中有 {share:.0%} 是照抄的。</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Problem</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Hide this message.</source>
        <translation>隐藏此消息。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}:&lt;/b&gt; {message}</source>
        <translation>&lt;b&gt;{title}：&lt;/b&gt;{message}</translation>
    </message>
</context>
<context>
    <name>ModelExports</name>
    <message>
        <source>&amp;GGUF for llama.cpp, Ollama, LM Studio…</source>
        <translation>用于 llama.cpp、Ollama、LM Studio 的 GGUF(&amp;G)…</translation>
    </message>
    <message>
        <source>Write the trained model as one GGUF file that llama.cpp, Ollama, LM Studio and Jan run, checked with llama.cpp.</source>
        <translation>把训练好的模型写成一个 llama.cpp、Ollama、LM Studio 和 Jan 都能运行的 GGUF 文件，并用 llama.cpp 检查。</translation>
    </message>
    <message>
        <source>As a &amp;Python program…</source>
        <translation>导出为 Python 程序(&amp;P)…</translation>
    </message>
    <message>
        <source>Write this project&apos;s training run as a short Python program (train.py, sample.py) that needs only torch and numpy: the same steps, the same losses.</source>
        <translation>把这个项目的训练过程写成一个简短的 Python 程序（一个训练脚本和一个生成脚本），只需要 torch 和 numpy：同样的步骤，同样的损失。</translation>
    </message>
    <message>
        <source>&amp;Share on the Hugging Face Hub…</source>
        <translation>分享到 Hugging Face Hub(&amp;S)…</translation>
    </message>
    <message>
        <source>Upload the trained model with a model card to the Hugging Face Hub.</source>
        <translation>把训练好的模型连同模型卡上传到 Hugging Face Hub。</translation>
    </message>
    <message>
        <source>E&amp;xport model</source>
        <translation>导出模型(&amp;X)</translation>
    </message>
    <message>
        <source>Train the model first: there is nothing to export yet.</source>
        <translation>请先训练模型：现在还没有可以导出的内容。</translation>
    </message>
    <message>
        <source>Choose an empty folder for the program</source>
        <translation>为程序选择一个空文件夹</translation>
    </message>
    <message>
        <source>Wrote the training run as a Python program to {folder}. Run it there with “python train.py”, then “python sample.py” (it needs torch and numpy).</source>
        <translation>已把训练过程写成 Python 程序，保存在 {folder}。在那里先运行“python train.py”，再运行“python sample.py”（需要 torch 和 numpy）。</translation>
    </message>
</context>
<context>
    <name>OneStepView</name>
    <message>
        <source>Train the model first: then you can watch one training step at a time.</source>
        <translation>请先训练模型：之后就可以一步一步地观察训练过程。</translation>
    </message>
    <message>
        <source>This needs the project&apos;s text to take examples from.</source>
        <translation>这需要用项目的文本来提供示例。</translation>
    </message>
    <message>
        <source>The step could not be taken ({error}).</source>
        <translation>这一步无法完成（{error}）。</translation>
    </message>
    <message>
        <source>lower, so better</source>
        <translation>降低了，所以更好</translation>
    </message>
    <message>
        <source>higher: the step overshot; try a smaller learning rate</source>
        <translation>升高了：这一步调过头了；试试更小的学习率</translation>
    </message>
    <message>
        <source>not lower this time</source>
        <translation>这次没有降低</translation>
    </message>
    <message>
        <source>Take one training step</source>
        <translation>训练一步</translation>
    </message>
    <message>
        <source>Show the model one batch of examples and update its weights once, on a copy. Press again for the next step.</source>
        <translation>让模型看一批示例，并在副本上更新一次权重。再按一次进行下一步。</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Forget the steps taken here and start again from the model as it is saved.</source>
        <translation>忘掉在这里走过的步骤，从保存的模型重新开始。</translation>
    </message>
    <message>
        <source>Training is thousands of small steps like this one. Each press shows the model one batch of examples from your text, measures how wrong its guesses are (the loss), and nudges every weight a little so that the right next tokens become likelier across the batch, with the optimizer training uses and the momentum it had built up. The chart follows one example: &lt;span style=&apos;color:#888&apos;&gt;grey&lt;/span&gt; bars are the chances before the step, &lt;span style=&apos;color:#1f5ac8&apos;&gt;blue&lt;/span&gt; bars after it; the &lt;span style=&apos;color:#1a8a3a&apos;&gt;green&lt;/span&gt; token is the one that really comes next. &lt;b&gt;This works on a copy:&lt;/b&gt; your saved model does not change. Each press continues from the copy; “Start over” goes back to the saved model.</source>
        <translation>训练由成千上万个这样的小步组成。每按一次，模型就看一批来自你文本的样本，衡量它猜错了多少（损失），再用训练时的优化器和它积累的动量把每个权重轻推一点，让整批样本中正确的下一个词元更有可能。图表跟踪其中一个样本：&lt;span style=&apos;color:#888&apos;&gt;灰色&lt;/span&gt;条是这一步之前的概率，&lt;span style=&apos;color:#1f5ac8&apos;&gt;蓝色&lt;/span&gt;条是之后的；&lt;span style=&apos;color:#1a8a3a&apos;&gt;绿色&lt;/span&gt;的词元是真正的下一个。&lt;b&gt;这是在副本上进行的：&lt;/b&gt;你保存的模型不会改变。每按一次都从副本继续；“重新开始”回到保存的模型。</translation>
    </message>
    <message>
        <source>Muon (with AdamW for the embeddings)</source>
        <translation>Muon（嵌入部分用 AdamW）</translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <source>Optimizer: {name}, as in training, with the momentum its run had built up; learning rate {lr:.5f}.</source>
        <translation>优化器：{name}，与训练时相同，带着训练积累的动量；学习率 {lr:.5f}。</translation>
    </message>
    <message>
        <source>Optimizer: a fresh {name} (this model has no saved optimizer state: its first step moves every weight by about the learning rate); learning rate {lr:.5f}.</source>
        <translation>优化器：全新的 {name}（这个模型没有保存的优化器状态：第一步会让每个权重移动大约一个学习率）；学习率 {lr:.5f}。</translation>
    </message>
    <message>
        <source>Learning rate: how big a nudge each step gives the weights. Training usually uses about 0.001. It starts at the rate training&apos;s next step would take. Try 0.01 on a trained model: the nudge overshoots and the loss goes up.</source>
        <translation>学习率：每一步对权重推动的幅度。训练通常用 0.001 左右。初始值是训练下一步将使用的学习率。在训练好的模型上试试 0.01：推得太猛，损失反而上升。</translation>
    </message>
    <message>
        <source>Batch size: how many examples from your text the model sees in one step. The chart follows the first of them.</source>
        <translation>批大小：模型在一步中看到你文本中的多少个示例。图表跟踪其中第一个。</translation>
    </message>
    <message>
        <source>The example the chart follows: the text the model has read so far, and the token it has to guess next.</source>
        <translation>图表跟踪的示例：模型到目前为止读到的文本，以及它接下来要猜的词元。</translation>
    </message>
    <message>
        <source>the same to two decimals</source>
        <translation>保留两位小数时没有变化</translation>
    </message>
    <message>
        <source>The loss is how wrong the model&apos;s guesses are on this batch, on average: lower is better. A step should lower it.</source>
        <translation>损失表示模型在这一批上的猜测平均错得有多离谱：越低越好。每一步都应该让它降低。</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Grey: the chance of each token before the step. Blue: after it. Green row: the token that really comes next in the example.</source>
        <translation>灰色：这一步之前每个词元的概率。蓝色：这一步之后。绿色行：示例中真正的下一个词元。</translation>
    </message>
    <message>
        <source>Taking one step…</source>
        <translation>正在训练一步…</translation>
    </message>
    <message>
        <source>Press “Take one training step” to begin.</source>
        <translation>按“训练一步”开始。</translation>
    </message>
    <message>
        <source>Step {step}. Loss on this batch: &lt;b&gt;{loss_before:.2f} → {loss_after:.2f}&lt;/b&gt; ({verdict}); chance of the right next letter {answer}: &lt;b&gt;{chance_before} → {chance_after}&lt;/b&gt;. Across the batch, the right token became likelier at {share:.0%} of the places.</source>
        <translation>第 {step} 步。这一批的损失：&lt;b&gt;{loss_before:.2f} → {loss_after:.2f}&lt;/b&gt;（{verdict}）；正确的下一个字符 {answer} 的概率：&lt;b&gt;{chance_before} → {chance_after}&lt;/b&gt;。在整批中，正确词元的概率在 {share:.0%} 的位置上变大了。</translation>
    </message>
    <message>
        <source>Step {step}. Loss on this batch: &lt;b&gt;{loss_before:.2f} → {loss_after:.2f}&lt;/b&gt; ({verdict}); chance of the right next token {answer}: &lt;b&gt;{chance_before} → {chance_after}&lt;/b&gt;. Across the batch, the right token became likelier at {share:.0%} of the places.</source>
        <translation>第 {step} 步。这一批的损失：&lt;b&gt;{loss_before:.2f} → {loss_after:.2f}&lt;/b&gt;（{verdict}）；正确的下一个词元 {answer} 的概率：&lt;b&gt;{chance_before} → {chance_after}&lt;/b&gt;。在整批中，正确词元的概率在 {share:.0%} 的位置上变大了。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Here the step changed too little to show.&lt;/b&gt; A model this sure of the right token, or a learning rate this small ({rate:.5f}, as at the end of training&apos;s schedule), moves its chances by less than the percentages show.</source>
        <translation>&lt;b&gt;这一步的变化小得看不出来。&lt;/b&gt;模型对正确词元已经这么有把握，或者学习率这么小（{rate:.5f}，就像训练计划末尾那样），概率的变化比百分比能显示的还小。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Here the step changed too little to show:&lt;/b&gt; at this learning rate ({rate:.5f}) one step moves the chance by less than the percentages show.</source>
        <translation>&lt;b&gt;这一步的变化小得看不出来：&lt;/b&gt;在这个学习率（{rate:.5f}）下，一步让概率改变的幅度比百分比能显示的还小。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Here the right token became less likely.&lt;/b&gt; That happens: one step serves the whole batch of {batch} examples and carries the momentum of earlier steps, so one example can lose a little while the batch as a whole gains.</source>
        <translation>&lt;b&gt;这里正确的词元反而变得不那么可能了。&lt;/b&gt;这是会发生的：一步要照顾整批 {batch} 个样本，还带着之前各步的动量，所以某个样本可能稍有损失，而整批总体在进步。</translation>
    </message>
    <message>
        <source>The model is at the very start of an example, with nothing read yet and must guess what comes next. The right answer is {answer}.</source>
        <translation>模型正处于一个示例的最开头，还什么都没读，就要猜接下来是什么。正确答案是 {answer}。</translation>
    </message>
    <message>
        <source>The model has read {text} and must guess what comes next. The right answer is {answer}.</source>
        <translation>模型已经读了 {text}，要猜接下来是什么。正确答案是 {answer}。</translation>
    </message>
</context>
<context>
    <name>PresentationMode</name>
    <message>
        <source>&amp;Presentation mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>Full screen with large fonts and a clean layout for a projector (F11 or Esc switches back).</source>
        <translation>全屏、大字体、简洁布局，适合用投影仪展示（按 F11 或 Esc 切换回来）。</translation>
    </message>
    <message>
        <source>Leave presentation mode</source>
        <translation>退出演示模式</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <source>Tiny (a few minutes on a laptop CPU)</source>
        <translation>微型（笔记本电脑 CPU 上几分钟）</translation>
    </message>
    <message>
        <source>Small (5-10 minutes on a laptop CPU)</source>
        <translation>小型（笔记本电脑 CPU，5-10 分钟）</translation>
    </message>
    <message>
        <source>About 0.8 million parameters: 4 layers, 4 heads, 128 wide, 64 characters of context, 2,000 steps of 16 x 64 characters with the Muon optimizer. On tiny Shakespeare it writes word-like text in a minute and reaches a validation loss of about 1.56 in under 2 minutes on a 2-core CPU (bench/time_to_quality.py).</source>
        <translation>约 80 万个参数：4 层，4 个注意力头，宽度 128，上下文 64 个字符，用 Muon 优化器训练 2,000 步，每步 16 x 64 个字符。在 tiny Shakespeare（莎士比亚小语料）上，它一分钟内就能写出像单词一样的文本；在双核 CPU 上不到 2 分钟，验证损失就能降到约 1.56（bench/time_to_quality.py）。</translation>
    </message>
    <message>
        <source>About 1.8 million parameters: 4 layers, 6 heads, 192 wide, 64 characters of context, 3,200 steps of 16 x 64 characters with the Muon optimizer. On tiny Shakespeare it reaches a validation loss of about 1.49 in under 5 minutes on a 2-core CPU with bf16 (bench/time_to_quality.py).</source>
        <translation>约 180 万个参数：4 层，6 个注意力头，宽度 192，上下文 64 个字符，用 Muon 优化器训练 3,200 步，每步 16 x 64 个字符。在 tiny Shakespeare（莎士比亚小语料）上，用双核 CPU 的 bf16 不到 5 分钟，验证损失就能降到约 1.49（bench/time_to_quality.py）。</translation>
    </message>
    <message>
        <source>Medium (for a GPU)</source>
        <translation>中型（需要 GPU）</translation>
    </message>
    <message>
        <source>About 10.7 million parameters: 6 layers, 6 heads, 384 wide, 256 characters of context (the classic nanoGPT Shakespeare model). Use a CUDA or Apple GPU: about 1.1 million tokens/s and a validation loss of 1.45 within a minute and a half on an H100.</source>
        <translation>约 1070 万个参数：6 层，6 个注意力头，宽度 384，上下文 256 个字符（经典的 nanoGPT 莎士比亚模型）。请使用 CUDA 或 Apple GPU：在 H100 上每秒约处理 110 万个词元，一分半钟内验证损失就能降到 1.45。</translation>
    </message>
</context>
<context>
    <name>PretrainedActions</name>
    <message>
        <source>Small LoRA adapters learn beside its weights, which stay as they are: fine-tuning all of them would need more memory than this computer has.</source>
        <translation>学习的是权重旁边的小型 LoRA 适配器，权重本身保持不变：微调全部权重所需的内存超过了这台电脑所有的。</translation>
    </message>
    <message>
        <source>All its weights learn.</source>
        <translation>它的所有权重都会学习。</translation>
    </message>
    <message>
        <source>Created “{name}” from a pretrained model. It can write right away (Generate); Train fine-tunes it on your text, {steps:,} steps. {how}</source>
        <translation>已从预训练模型创建“{name}”。它马上就能写作（“生成”页）；按“训练”会用你的文本对它微调 {steps:,} 步。{how}</translation>
    </message>
    <message>
        <source>Choose a GPT-2 model folder (Hugging Face format)</source>
        <translation>选择一个 GPT-2 模型文件夹（Hugging Face 格式）</translation>
    </message>
    <message>
        <source>Choose the text to fine-tune GPT-2 on</source>
        <translation>选择用来微调 GPT-2 的文本</translation>
    </message>
    <message>
        <source>Could not use {file}: {error}</source>
        <translation>无法使用 {file}：{error}</translation>
    </message>
    <message>
        <source>{folder} fine-tuned</source>
        <translation>{folder} 微调版</translation>
    </message>
    <message>
        <source>Importing GPT-2 from {folder}…</source>
        <translation>正在从 {folder} 导入 GPT-2…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Created “{name}” from GPT-2. It can write right away (Generate); Train fine-tunes it on your text.</source>
        <translation>已从 GPT-2 创建“{name}”。它马上就能写作（“生成”页）；按“训练”会用你的文本对它进行微调。</translation>
    </message>
    <message>
        <source>Train the model first: there is nothing to export yet.</source>
        <translation>请先训练模型：现在还没有可以导出的内容。</translation>
    </message>
    <message>
        <source>Choose an empty folder for the Hugging Face model</source>
        <translation>为 Hugging Face 模型选择一个空文件夹</translation>
    </message>
    <message>
        <source>Exporting to {folder}…</source>
        <translation>正在导出到 {folder}…</translation>
    </message>
    <message>
        <source>Wrote a Hugging Face GPT-2 folder to {folder}: transformers&apos; GPT2LMHeadModel.from_pretrained can load it.</source>
        <translation>已将 Hugging Face GPT-2 文件夹写入 {folder}：transformers 的 GPT2LMHeadModel.from_pretrained 可以加载它。</translation>
    </message>
    <message>
        <source>Please wait: the previous import or export is still running.</source>
        <translation>请稍候：上一次的导入或导出还在进行中。</translation>
    </message>
</context>
<context>
    <name>PretrainedDialog</name>
    <message>
        <source>The model is on this computer. Timing a training step and setting up the fine-tuning…</source>
        <translation>模型已在这台电脑上。正在测量一步训练的用时并设置微调…</translation>
    </message>
    <message>
        <source>Checking {file} against the Hub&apos;s checksum…</source>
        <translation>正在用 Hub 上的校验和检查 {file}…</translation>
    </message>
    <message>
        <source>Downloading {name}: {done} of {total}…</source>
        <translation>正在下载 {name}：{done} / {total}…</translation>
    </message>
    <message>
        <source>Downloading {name}: {done} of {total} · {speed}/s · {left} left</source>
        <translation>正在下载 {name}：{done} / {total} · {speed}/秒 · 还剩 {left}</translation>
    </message>
    <message>
        <source>GPT-2 can read 1,024 tokens at once. With {tokens:,}, each training step is cheaper (about {faster:.0f}× fewer positions), but the model sees only the last {tokens:,} tokens — about {words:,} English words or {characters:,} Chinese characters — while it learns and while it writes.</source>
        <translation>GPT-2 一次能读 1,024 个词元。设为 {tokens:,} 时，每一步训练更省时（位置约少 {faster:.0f} 倍），但模型在学习和写作时只能看到最近的 {tokens:,} 个词元——大约 {words:,} 个英文单词或 {characters:,} 个汉字。</translation>
    </message>
    <message>
        <source>Start from a pretrained model</source>
        <translation>从预训练模型开始</translation>
    </message>
    <message>
        <source>A model that has already read a great deal of text learns the style of yours far faster than one that starts from nothing. Pick one and press Download and start: it is downloaded once (and kept for next time), then fine-tuned on your text when you press Train.</source>
        <translation>已经读过大量文本的模型，学会你的文本风格要比从零开始的模型快得多。选一个模型，然后按“下载并开始”：模型只下载一次（下次还能用），按“训练”时就用你的文本对它进行微调。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载大小</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可协议</translation>
    </message>
    <message>
        <source>Memory to fine-tune here</source>
        <translation>在这台电脑上微调所需内存</translation>
    </message>
    <message>
        <source>Seconds per step here</source>
        <translation>在这台电脑上每步秒数</translation>
    </message>
    <message>
        <source>The model&apos;s name on the Hugging Face Hub.</source>
        <translation>模型在 Hugging Face Hub 上的名称。</translation>
    </message>
    <message>
        <source>The language of the text it was trained on.</source>
        <translation>训练它所用文本的语言。</translation>
    </message>
    <message>
        <source>How many numbers the model has learnt: more writes better, trains slower.</source>
        <translation>模型学到了多少个数值：越多写得越好，训练越慢。</translation>
    </message>
    <message>
        <source>About how much is downloaded, once.</source>
        <translation>大约要下载多少，只下载一次。</translation>
    </message>
    <message>
        <source>The terms under which its authors share it.</source>
        <translation>作者分享它时所附的条款。</translation>
    </message>
    <message>
        <source>What fine-tuning needs at the context length below and 8 texts a step: all weights learn where that fits this computer&apos;s memory, else only small LoRA adapters beside them.</source>
        <translation>按下面的上下文长度、每步 8 段文本进行微调所需的内存：若这台电脑的内存放得下，所有权重都学习；否则只学习权重旁边的小型 LoRA 适配器。</translation>
    </message>
    <message>
        <source>Measured on this computer with a model of the same shape, before downloading anything.</source>
        <translation>在下载任何东西之前，用形状相同的模型在这台电脑上测得。</translation>
    </message>
    <message>
        <source>or any GPT-2 model of the Hugging Face Hub by its name, e.g. user/model</source>
        <translation>或者按名称输入 Hugging Face Hub 上的任意 GPT-2 模型，例如 user/model</translation>
    </message>
    <message>
        <source>A model not in the list: its name as on huggingface.co. GPT Studio checks that it is a GPT-2 before downloading its weights.</source>
        <translation>不在列表中的模型：填写它在 huggingface.co 上的名称。GPT Studio 会在下载权重之前先检查它是不是 GPT-2。</translation>
    </message>
    <message>
        <source>Context length: how many tokens the model reads at once while fine-tuning and writing.</source>
        <translation>上下文长度：模型在微调和写作时一次读取多少个词元。</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>About how long fine-tuning should take on this computer: the number of steps is planned from it, from the length of your text and from the measured time a step takes.</source>
        <translation>在这台电脑上微调大约要用多长时间：训练步数根据它、你的文本长度以及测得的每步用时来规划。</translation>
    </message>
    <message>
        <source>Or by name</source>
        <translation>或按名称</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>Time to fine-tune</source>
        <translation>微调时长</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <source>{seconds:,.1f} s (not one step in 10 minutes)</source>
        <translation>{seconds:,.1f} 秒（10 分钟连一步都走不完）</translation>
    </message>
    <message>
        <source>{seconds:,.1f} s (about {steps:,} steps in 10 minutes)</source>
        <translation>{seconds:,.1f} 秒（10 分钟约 {steps:,} 步）</translation>
    </message>
    <message>
        <source>Stop downloading. The files already complete are kept, so starting again downloads only the rest.</source>
        <translation>停止下载。已经下载完整的文件会保留，所以再次开始时只下载其余部分。</translation>
    </message>
    <message>
        <source>Download and start…</source>
        <translation>下载并开始…</translation>
    </message>
    <message>
        <source>Choose the text to fine-tune on, then download the model (if it is not on this computer yet) and create the project.</source>
        <translation>选择用来微调的文本，然后下载模型（如果它还不在这台电脑上）并创建项目。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>{millions:,.0f} million</source>
        <comment>also given: {ten_thousands:,.0f}, for languages that count in ten-thousands</comment>
        <translation>{ten_thousands:,.0f} 万</translation>
    </message>
    <message>
        <source>working out…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>LoRA adapters, {memory}</source>
        <translation>LoRA 适配器，{memory}</translation>
    </message>
    <message>
        <source>all weights, {memory}</source>
        <translation>全部权重，{memory}</translation>
    </message>
    <message>
        <source>{plan} (more than is free now)</source>
        <translation>{plan}（超过当前可用内存）</translation>
    </message>
    <message>
        <source>measuring…</source>
        <translation>正在测量…</translation>
    </message>
    <message>
        <source>not measured yet</source>
        <translation>尚未测量</translation>
    </message>
    <message>
        <source>Pick a model in the list, or type a model&apos;s name.</source>
        <translation>请在列表中选一个模型，或输入模型名称。</translation>
    </message>
    <message>
        <source>Choose the text to fine-tune {model} on</source>
        <translation>选择用来微调 {model} 的文本</translation>
    </message>
    <message>
        <source>Could not use {file}: {error}</source>
        <translation>无法使用 {file}：{error}</translation>
    </message>
    <message>
        <source>{model} fine-tuned</source>
        <translation>{model} 微调版</translation>
    </message>
    <message>
        <source>Looking up {model}…</source>
        <translation>正在查找 {model}…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>ProjectActions</name>
    <message>
        <source>GPT Studio project (*.zip)</source>
        <translation>GPT Studio 项目 (*.zip)</translation>
    </message>
    <message>
        <source>Could not read the projects folder: {error}</source>
        <translation>无法读取项目文件夹：{error}</translation>
    </message>
    <message>
        <source>Choose a text file to learn from</source>
        <translation>选择一个供模型学习的文本文件</translation>
    </message>
    <message>
        <source>Could not use {file}: {error}</source>
        <translation>无法使用 {file}：{error}</translation>
    </message>
    <message>
        <source>My text</source>
        <translation>我的文本</translation>
    </message>
    <message>
        <source>Created “{name}”. Look at the text, then press Train (F5) to teach the model.</source>
        <translation>已创建“{name}”。先看看文本，然后按“训练”（F5）来教模型。</translation>
    </message>
    <message>
        <source>There are no projects yet: start one from a demo or a text file.</source>
        <translation>还没有任何项目：可以从示例或文本文件开始一个。</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Project:</source>
        <translation>项目：</translation>
    </message>
    <message>
        <source>Project: {name}</source>
        <translation>项目：{name}</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Training is running</source>
        <translation>训练正在进行</translation>
    </message>
    <message>
        <source>Stop training, save a checkpoint and close this project?</source>
        <translation>要停止训练、保存检查点并关闭这个项目吗？</translation>
    </message>
    <message>
        <source>Stop and close</source>
        <translation>停止并关闭</translation>
    </message>
    <message>
        <source>No project</source>
        <translation>未打开项目</translation>
    </message>
    <message>
        <source>The project “{name}” could not be opened ({problem}); nothing in it was changed. The details are in the log (Help ▸ Show log folder).</source>
        <translation>无法打开项目“{name}”（{problem}）；其中的内容没有任何改动。详细信息在日志中（帮助 ▸ 显示日志文件夹）。</translation>
    </message>
    <message>
        <source>The project “{name}” could not be opened; nothing in it was changed. The details are in the log (Help ▸ Show log folder).</source>
        <translation>无法打开项目“{name}”；其中的内容没有任何改动。详细信息在日志中（帮助 ▸ 显示日志文件夹）。</translation>
    </message>
    <message>
        <source>Open anyway…</source>
        <translation>仍然打开…</translation>
    </message>
    <message>
        <source>Open it here even so, after a warning: for a project that is no longer open there (a computer that was switched off, a copied folder).</source>
        <translation>在提醒之后仍在这里打开：适用于那边已经不再打开的项目（那台电脑已经关机，或者这是复制过来的文件夹）。</translation>
    </message>
    <message>
        <source>Open anyway?</source>
        <translation>仍然打开？</translation>
    </message>
    <message>
        <source>If GPT Studio still has “{name}” open there, the two will overwrite each other&apos;s work: the settings, the text and the trained model. Open it here only if it is closed there.</source>
        <translation>如果那边的 GPT Studio 仍然打开着“{name}”，两边会互相覆盖对方的工作：设置、文本和训练好的模型。只有在那边已经关闭时，才在这里打开。</translation>
    </message>
    <message>
        <source>Open anyway</source>
        <translation>仍然打开</translation>
    </message>
    <message>
        <source>Could not save the project: {error}</source>
        <translation>无法保存项目：{error}</translation>
    </message>
    <message>
        <source>Rename project</source>
        <translation>重命名项目</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <source>Renamed to “{name}”.</source>
        <translation>已重命名为“{name}”。</translation>
    </message>
    <message>
        <source>Duplicate project</source>
        <translation>创建项目副本</translation>
    </message>
    <message>
        <source>Name of the copy:</source>
        <translation>副本的名称：</translation>
    </message>
    <message>
        <source>{name} copy</source>
        <translation>{name} 副本</translation>
    </message>
    <message>
        <source>Opened the copy “{name}”; the original is unchanged.</source>
        <translation>已打开副本“{name}”；原项目没有任何改变。</translation>
    </message>
    <message>
        <source>Export project</source>
        <translation>导出项目</translation>
    </message>
    <message>
        <source>Exported to {path}.</source>
        <translation>已导出到 {path}。</translation>
    </message>
    <message>
        <source>Import project</source>
        <translation>导入项目</translation>
    </message>
    <message>
        <source>Imported “{name}”.</source>
        <translation>已导入“{name}”。</translation>
    </message>
    <message>
        <source>Open the project “{name}”.</source>
        <translation>打开项目“{name}”。</translation>
    </message>
</context>
<context>
    <name>ProjectEdits</name>
    <message>
        <source>Could not save the text: {problem}. It is still in the editor and is saved again at your next change.</source>
        <translation>无法保存文本：{problem}。文本仍在编辑器里，你下次修改时会再次保存。</translation>
    </message>
    <message>
        <source>The text now has characters this model has never seen, so Train cannot continue it: start a new model in Model &amp; Training settings to learn from this text.</source>
        <translation>文本里现在有这个模型从没见过的字符，所以“训练”无法接着训练它：请在“模型与训练设置”中开始一个新模型来学习这段文本。</translation>
    </message>
    <message>
        <source>The model was trained on a different text. The new text has characters it has never seen ({characters}), so it cannot keep training on it: start a new model in Model &amp; Training settings to learn from it.</source>
        <translation>模型是用另一份文本训练的。新文本里有它从没见过的字符（{characters}），所以无法在新文本上继续训练：请在“模型与训练设置”页开始一个新模型来学习它。</translation>
    </message>
    <message>
        <source>The model was trained on a different text. Press Train to keep training it on the new text, or start a new model in Model &amp; Training settings to begin from scratch.</source>
        <translation>模型是用另一份文本训练的。点击“训练”可以在新文本上继续训练它；也可以在“模型与训练设置”页开始一个新模型，从头训练。</translation>
    </message>
    <message>
        <source>Could not save the settings: {problem}</source>
        <translation>无法保存设置：{problem}</translation>
    </message>
    <message>
        <source>Automatic settings are chosen again once training has stopped.</source>
        <translation>训练停止后会重新选择自动设置。</translation>
    </message>
    <message>
        <source>Automatic settings are chosen once the project has some text.</source>
        <translation>项目有了文本后就会选择自动设置。</translation>
    </message>
    <message>
        <source>The next Train starts a new model from scratch with these settings. The current model stays until then.</source>
        <translation>下次点击“训练”时，会用这些设置从头开始训练一个新模型。在那之前，当前的模型会一直保留。</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <comment>All other platforms</comment>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>Runs</name>
    <message>
        <source>Device: unavailable</source>
        <translation>设备：不可用</translation>
    </message>
    <message>
        <source>PyTorch could not be loaded: {error}</source>
        <translation>无法加载 PyTorch：{error}</translation>
    </message>
    <message>
        <source>Device: graphics card (CUDA)</source>
        <translation>设备：显卡（CUDA）</translation>
    </message>
    <message>
        <source>Device: Apple GPU (MPS)</source>
        <translation>设备：Apple GPU（MPS）</translation>
    </message>
    <message>
        <source>Device: processor (CPU)</source>
        <translation>设备：处理器（CPU）</translation>
    </message>
    <message>
        <source>Device: {device}</source>
        <translation>设备：{device}</translation>
    </message>
    <message>
        <source>Some settings are not valid: {problems}</source>
        <translation>有些设置无效：{problems}</translation>
    </message>
    <message>
        <source>The text now has characters the trained model has never seen ({characters}). Start a new model in Model &amp; Training settings to train on this text.</source>
        <translation>文本中现在有训练好的模型从没见过的字符（{characters}）。要用这份文本训练，请在“模型与训练设置”页开始一个新模型。</translation>
    </message>
    <message>
        <source>Stopped early at step {step:,}: the validation loss had not improved since step {best_step:,} ({best:.2f}), and training longer would only make the model recite its text. The best model is kept and used.</source>
        <translation>在第 {step:,} 步提前停止：验证损失自第 {best_step:,} 步（{best:.2f}）以来没有改善，再训练只会让模型背诵原文。最好的模型已保留并使用。</translation>
    </message>
    <message>
        <source>Stopped at step {step:,} and saved. Validation loss at the last check (step {checked:,}): {loss:.2f}. Press Train to continue.</source>
        <translation>已在第 {step:,} 步停止并保存。上一次检验（第 {checked:,} 步）的验证损失为 {loss:.2f}。点击“训练”可以继续。</translation>
    </message>
    <message>
        <source>Stopped at step {step:,} and saved, validation loss {loss:.2f}. Press Train to continue.</source>
        <translation>已在第 {step:,} 步停止并保存，验证损失为 {loss:.2f}。点击“训练”可以继续。</translation>
    </message>
    <message>
        <source>Training finished: {step:,} steps, validation loss {loss:.2f}. Talk to it on the Chat tab!</source>
        <translation>训练完成：共 {step:,} 步，验证损失为 {loss:.2f}。去“对话”页和它聊聊吧！</translation>
    </message>
    <message>
        <source>Training finished: {step:,} steps, validation loss {loss:.2f}. Try the Generate tab!</source>
        <translation>训练完成：共 {step:,} 步，验证损失为 {loss:.2f}。去“生成”页试试吧！</translation>
    </message>
    <message>
        <source>It took {took}, more than the {chosen} chosen: its steps were slower than when Automatic timed them, as they are while other programs keep the computer busy.</source>
        <translation>这次用了 {took}，超过了选定的 {chosen}：每一步都比“自动”测时慢，其他程序占用电脑时就会这样。</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>正在训练…</translation>
    </message>
    <message>
        <source>Training {steps:,} more steps, to step {end:,}. The learning rate goes on along its schedule from where it stopped ({rate:.5f}).</source>
        <translation>再训练 {steps:,} 步，到第 {end:,} 步。学习率沿原计划从停下的地方继续（{rate:.5f}）。</translation>
    </message>
    <message>
        <source>Training {steps:,} more steps, to step {end:,}. The schedule had ended: the extra steps take a small, constant learning rate ({rate:.5f}, at most a tenth of its peak), so the schedule does not start again.</source>
        <translation>再训练 {steps:,} 步，到第 {end:,} 步。学习率计划已经结束：追加的步数使用一个较小的固定学习率（{rate:.5f}，最多为峰值的十分之一），计划不会重新开始。</translation>
    </message>
    <message>
        <source>Training on {device}</source>
        <translation>正在 {device} 上训练</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Stopped at step {step:,} and saved. Press Train to continue.</source>
        <translation>已在第 {step:,} 步停止并保存。点击“训练”可以继续。</translation>
    </message>
    <message>
        <source>Training finished: {step:,} steps. Try the Generate tab!</source>
        <translation>训练完成：共 {step:,} 步。去“生成”页试试吧！</translation>
    </message>
    <message>
        <source>Training did not complete: see the message above.</source>
        <translation>训练没有完成：请查看上面的消息。</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <source>Characters (best for small texts)</source>
        <translation>字符（适合较小的文本）</translation>
    </message>
    <message>
        <source>Every character is one token. Works for any language, never meets an unknown word, and is the easiest to understand. The best start for texts under a few megabytes.</source>
        <translation>每个字符就是一个词元。适用于任何语言，永远不会遇到不认识的词，也最容易理解。文本在几 MB 以内时，这是最好的起点。</translation>
    </message>
    <message>
        <source>Whole words (needs a lot of text)</source>
        <translation>整词（需要大量文本）</translation>
    </message>
    <message>
        <source>Every word and punctuation mark is one token. Needs much more text; words never seen in training become &lt;unk&gt;.</source>
        <translation>每个词和每个标点符号都是一个词元。需要多得多的文本；训练中从未见过的词会变成 &lt;unk&gt;。</translation>
    </message>
    <message>
        <source>Pieces of words (BPE, as GPT-2)</source>
        <translation>词片段（BPE，与 GPT-2 相同）</translation>
    </message>
    <message>
        <source>Frequent groups of letters become one token, as in GPT-2. Good for bigger texts; the vocabulary size below sets how many pieces it learns.</source>
        <translation>经常一起出现的字母组合会成为一个词元，和 GPT-2 一样。适合较大的文本；下方的词表大小决定它要学习多少个片段。</translation>
    </message>
    <message>
        <source>GPT-2&apos;s own (imported)</source>
        <translation>GPT-2 自带（导入的）</translation>
    </message>
    <message>
        <source>The tokenizer that came with an imported GPT-2 model. It cannot be chosen for a new model: create a project from a GPT-2 folder instead (File menu).</source>
        <translation>随导入的 GPT-2 模型一起附带的分词器。新模型不能选择它：请改为从 GPT-2 文件夹创建项目（“文件”菜单）。</translation>
    </message>
    <message>
        <source>Continuous text</source>
        <translation>连续文本</translation>
    </message>
    <message>
        <source>Stories, plays, code: the whole text is one long stream; the model learns to continue any part of it.</source>
        <translation>故事、剧本、代码：整个文本是一条长长的文字流；模型学习接着写其中的任何部分。</translation>
    </message>
    <message>
        <source>One example per line</source>
        <translation>每行一个例子</translation>
    </message>
    <message>
        <source>Names, sums, short answers: each line is a separate example; generated text starts fresh and stops at the end of a line.</source>
        <translation>名字、算式、简短回答：每一行都是一个单独的例子；生成的文本每次从头开始，并在一行结束时停止。</translation>
    </message>
    <message>
        <source>Automatic (fastest that is accurate)</source>
        <translation>自动（在保证准确的前提下最快）</translation>
    </message>
    <message>
        <source>32-bit (exact, slower on GPUs)</source>
        <translation>32 位（精确，在 GPU 上较慢）</translation>
    </message>
    <message>
        <source>bfloat16 (fast on recent GPUs)</source>
        <translation>bfloat16（在较新的 GPU 上很快）</translation>
    </message>
    <message>
        <source>float16 (older GPUs)</source>
        <translation>float16（较旧的 GPU）</translation>
    </message>
    <message>
        <source>AdamW (the classic)</source>
        <translation>AdamW（经典）</translation>
    </message>
    <message>
        <source>The optimizer nearly every GPT is trained with. Each step is quick.</source>
        <translation>几乎所有 GPT 训练都用的优化器。每一步都很快。</translation>
    </message>
    <message>
        <source>Muon (learns more from each step)</source>
        <translation>Muon（每一步学到更多）</translation>
    </message>
    <message>
        <source>Makes each layer&apos;s change equally strong in every direction. The Small preset&apos;s model learns as much in about half the steps; each step takes longer, so it pays when steps are few. Very small models may need a higher learning rate with it.</source>
        <translation>让每一层的改变在各个方向上同样有力。“小型”预设的模型大约用一半的步数就能学到同样多；每一步更慢，所以在步数不多时最划算。很小的模型用它时可能需要更高的学习率。</translation>
    </message>
    <message>
        <source>Automatic (best available)</source>
        <translation>自动（选择最好的可用设备）</translation>
    </message>
    <message>
        <source>Processor (CPU)</source>
        <translation>处理器（CPU）</translation>
    </message>
    <message>
        <source>Graphics card (CUDA)</source>
        <translation>显卡（CUDA）</translation>
    </message>
    <message>
        <source>Apple GPU (MPS)</source>
        <translation>Apple GPU（MPS）</translation>
    </message>
    <message>
        <source>{seconds} seconds</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <source>{hours} h {minutes:02d} min</source>
        <translation>{hours} 小时 {minutes:02d} 分钟</translation>
    </message>
    <message>
        <source>Custom (your own settings)</source>
        <translation>自定义（你自己的设置）</translation>
    </message>
    <message>
        <source>How the text is cut into tokens, the small pieces the model reads and writes one at a time.</source>
        <translation>文本如何切分成词元。词元是模型一次读、写一个的小片段。</translation>
    </message>
    <message>
        <source>Only for word pieces (BPE): how many pieces the tokenizer learns. More = shorter sequences but a bigger model. 512 suits about 1 MB of text.</source>
        <translation>仅用于词片段（BPE）：分词器要学习多少个片段。越多 = 序列越短，但模型越大。512 大约适合 1 MB 的文本。</translation>
    </message>
    <message>
        <source>Whether your text is one long piece (a story) or a list of separate examples, one per line (names).</source>
        <translation>你的文本是一整段长文（如故事），还是一串独立的例子、每行一个（如名字）。</translation>
    </message>
    <message>
        <source>The share of the text kept aside to check the model on text it never trained on. 10% is usual.</source>
        <translation>留出这一比例的文本不参与训练，用来检查模型在从未训练过的文本上的表现。通常为 10%。</translation>
    </message>
    <message>
        <source>Context length: how many characters (tokens) the model sees at once when it predicts the next one. Longer = more memory and slower.</source>
        <translation>上下文长度：模型预测下一个字符（词元）时，一次能看到多少个字符（词元）。越长 = 占用内存越多，速度越慢。</translation>
    </message>
    <message>
        <source>Layers: how many processing blocks are stacked. More layers = a deeper, more capable but slower model.</source>
        <translation>层数：堆叠了多少个处理模块。层数越多 = 模型越深、能力越强，但也越慢。</translation>
    </message>
    <message>
        <source>Attention heads: how many different things each layer looks for in the context at once. The embedding size must be a multiple of this number.</source>
        <translation>注意力头数：每一层同时在上下文中寻找多少种不同的东西。嵌入大小必须是这个数的整数倍。</translation>
    </message>
    <message>
        <source>Embedding size: how many numbers describe each token inside the model. Wider = more capacity, more memory and time. Must be a multiple of the number of heads.</source>
        <translation>嵌入大小：模型内部用多少个数字来描述每个词元。越宽 = 容量越大，占用的内存和时间也越多。必须是注意力头数的整数倍。</translation>
    </message>
    <message>
        <source>Dropout: while training, randomly ignores this share of the model so it cannot just memorise the text. 0 for small texts and short runs; 0.1-0.2 when it starts to overfit.</source>
        <translation>丢弃率（Dropout）：训练时随机忽略模型中这一比例的部分，让它无法只靠死记文本。文本较小、训练较短时设为 0；开始过拟合时设为 0.1-0.2。</translation>
    </message>
    <message>
        <source>Off</source>
        <comment>spin box at 0: turned off</comment>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Bias terms (as GPT-2)</source>
        <translation>偏置项（与 GPT-2 相同）</translation>
    </message>
    <message>
        <source>Adds a learned offset to each layer, as GPT-2 does. It helps short runs learn sooner; long runs learn as well without it and train a little faster.</source>
        <translation>像 GPT-2 那样，给每一层加上一个学习得到的偏移量。它能让短时间的训练学得更快；长时间的训练没有它也学得一样好，而且训练稍快一些。</translation>
    </message>
    <message>
        <source>Batch size: how many pieces of text the model learns from in each step. Bigger = steadier learning, more memory and slower steps.</source>
        <translation>批大小：模型每一步从多少段文本中学习。越大 = 学习越平稳，但占用内存更多，每一步也更慢。</translation>
    </message>
    <message>
        <source>The optimizer: the rule that turns what the model got wrong into changes to its numbers. Hover over a choice to see what it does.</source>
        <translation>优化器：把模型犯的错变成对其数字的修改的规则。把鼠标停在某个选项上，可以看到它的作用。</translation>
    </message>
    <message>
        <source>Warm-up steps: the learning rate grows from 0 to its full value over these first steps, which keeps the start stable.</source>
        <translation>预热步数：在最开始的这些步里，学习率从 0 逐渐增长到完整值，让训练开始时保持稳定。</translation>
    </message>
    <message>
        <source>None</source>
        <comment>spin box at 0: no warm-up</comment>
        <translation>无</translation>
    </message>
    <message>
        <source>Training steps: how long to train in total. The learning rate slowly decreases towards the end.</source>
        <translation>训练步数：总共训练多久。临近结束时，学习率会慢慢降低。</translation>
    </message>
    <message>
        <source>Every how many steps the model is checked on text it has not trained on, writes a sample and is saved.</source>
        <translation>每隔多少步评估一次：在没训练过的文本上检验模型、写一段样本并保存。</translation>
    </message>
    <message>
        <source>Weight decay: gently pulls the model&apos;s numbers towards zero so it generalises instead of memorising. 0.1 is the usual choice.</source>
        <translation>权重衰减：轻轻地把模型的数字拉向零，让它学会举一反三，而不是死记硬背。通常取 0.1。</translation>
    </message>
    <message>
        <source>Gradient clipping: limits how big a single learning step can be, which prevents sudden blow-ups. 1 is usual; 0 turns it off.</source>
        <translation>梯度裁剪：限制单个学习步的最大幅度，防止训练突然失控。通常取 1；设为 0 则关闭。</translation>
    </message>
    <message>
        <source>Seed: the starting point of every random choice. The same seed and settings train the same model again (on a CPU).</source>
        <translation>随机种子：所有随机选择的起点。相同的种子和设置会再次训练出相同的模型（在 CPU 上）。</translation>
    </message>
    <message>
        <source>Where the model trains. A graphics card is many times faster than the processor. Only what this computer has is listed.</source>
        <translation>模型在哪里训练。显卡比处理器快很多倍。这里只列出这台电脑拥有的设备。</translation>
    </message>
    <message>
        <source>The number format used while training. Automatic picks the fastest one that stays accurate on this device.</source>
        <translation>训练时使用的数字格式。“自动”会在这台设备上选择既准确又最快的格式。</translation>
    </message>
    <message>
        <source>Compile the model first (GPU)</source>
        <translation>先编译模型（GPU）</translation>
    </message>
    <message>
        <source>torch.compile: GPU training gets faster after a slow first minute. Rarely helps on the processor.</source>
        <translation>torch.compile：在 GPU 上训练时，第一分钟较慢，之后会更快。在处理器上很少有帮助。</translation>
    </message>
    <message>
        <source>(nothing: the model starts freely)</source>
        <translation>（留空：模型自由地开始写）</translation>
    </message>
    <message>
        <source>The text the model continues in the sample it writes at each check, so you can watch it improve.</source>
        <translation>每次评估时，模型写样本所接续的开头文本，让你看着它一点点进步。</translation>
    </message>
    <message>
        <source>How many tokens long that sample is. 0 writes no sample.</source>
        <translation>样本有多少个词元长。设为 0 则不写样本。</translation>
    </message>
    <message>
        <source>No sample</source>
        <translation>不写样本</translation>
    </message>
    <message>
        <source>The learning rate slowly falls to this share of its full value by the last step. 10% is usual.</source>
        <translation>到最后一步时，学习率会慢慢降到其完整值的这一比例。通常为 10%。</translation>
    </message>
    <message>
        <source>How many batches each check averages. More = a steadier validation loss, but checks take longer.</source>
        <translation>每次评估取多少个批次的平均值。越多 = 验证损失越平稳，但评估耗时更长。</translation>
    </message>
    <message>
        <source>Learning rate: how big a change the model makes each time it learns. Too high and training falls apart; too low and it learns slowly. For small models 0.001-0.003 suits AdamW, 0.003-0.004 Muon.</source>
        <translation>学习率：模型每次学习时做出多大的改变。太高，训练会崩溃；太低，学得很慢。小模型用 AdamW 适合 0.001-0.003，用 Muon 适合 0.003-0.004。</translation>
    </message>
    <message>
        <source>BERT&apos;s WordPiece (imported)</source>
        <translation>BERT 的 WordPiece（导入的）</translation>
    </message>
    <message>
        <source>The vocabulary that came with a Chinese GPT-2 model: one token per Chinese character, pieces of words for other languages. It keeps no spaces or line breaks. It cannot be chosen for a new model: start from a pretrained model instead (File menu).</source>
        <translation>中文 GPT-2 模型自带的词表：每个汉字一个词元，其他语言切成词片。它不保留空格和换行。新模型不能选它：请改为从预训练模型开始（“文件”菜单）。</translation>
    </message>
    <message>
        <source>One example per block</source>
        <translation>每块一个样本</translation>
    </message>
    <message>
        <source>Poems, songs, recipes, letters: each block of lines (between blank lines, or lines such as “%”) is a separate example; generated text is a whole block and stops at its end.</source>
        <translation>诗歌、歌曲、菜谱、书信：每一块行（由空行或“%”这类分隔行隔开）是一个独立样本；生成的文本是完整的一块，并在结尾处停下。</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Questions and answers, chats: each conversation (turns labelled “User:” and “Assistant:”, or JSON lines of messages) is a separate example, and the model learns to write the assistant&apos;s answers only. Talk to it in the Chat tab.</source>
        <translation>问答、聊天：每段对话（以“User:”和“Assistant:”标记轮次，或每行一段 JSON 格式的消息）是一个单独的样本，模型只学着写助手的回答。在“对话”页和它聊天。</translation>
    </message>
    <message>
        <source>Automatic (chosen for your text and this computer)</source>
        <translation>自动（为你的文本和这台电脑选择）</translation>
    </message>
    <message>
        <source>The model, its size and the number of steps are chosen from your text and this computer&apos;s measured speed, to train in the time you give it.</source>
        <translation>根据你的文本和实测的电脑速度选择模型、模型大小和步数，在你给定的时间内完成训练。</translation>
    </message>
    <message>
        <source>LoRA: instead of changing every weight, the model keeps its weights and learns small adapters beside them, of this rank. Fine-tuning a large pretrained model then needs less memory (no gradients or optimizer state for its weights), and learns a little less. Off: every weight learns.</source>
        <translation>LoRA：模型不改动每个权重，而是保留原有权重，在旁边学习这个秩的小型适配器。这样微调大型预训练模型所需的内存更少（权重不需要梯度和优化器状态），学到的也稍少一些。关闭：所有权重都学习。</translation>
    </message>
    <message>
        <source>Off: all weights learn</source>
        <comment>spin box at 0: no LoRA adapters</comment>
        <translation>关闭：所有权重都学习</translation>
    </message>
    <message>
        <source>Stop training when the validation loss has not improved for this many checks in a row: past its best, a model only learns its text by heart. The best model is kept and used either way.</source>
        <translation>验证损失连续这么多次检查没有改善时停止训练：过了最好的时候，模型只是在死记硬背文本。无论如何都会保留并使用最好的模型。</translation>
    </message>
    <message>
        <source>Never</source>
        <comment>spin box at 0: no early stopping</comment>
        <translation>从不</translation>
    </message>
    <message>
        <source>Adam beta 1: how much each step keeps of the previous steps&apos; direction (momentum). 0.9 is usual. With Muon it applies only to the embeddings, layer norms and biases; Muon&apos;s own momentum is 0.95.</source>
        <translation>Adam beta 1：每一步保留多少之前各步的方向（动量）。通常取 0.9。使用 Muon 时它只作用于嵌入、层归一化和偏置项；Muon 自己的动量是 0.95。</translation>
    </message>
    <message>
        <source>Adam beta 2: how slowly the optimizer adapts its step sizes. 0.99 suits small batches; 0.999 large ones. With Muon it applies only to the embeddings, layer norms and biases.</source>
        <translation>Adam beta 2：优化器调整步长的速度有多慢。小批次适合 0.99；大批次适合 0.999。使用 Muon 时它只作用于嵌入、层归一化和偏置项。</translation>
    </message>
    <message>
        <source>How many processor cores training uses. Automatic uses all physical cores, but leaves one free for this window while a small model trains, so the window stays responsive.</source>
        <translation>训练使用多少个处理器核心。“自动”会使用所有物理核心，但训练小模型时会给本窗口留出一个核心，让窗口保持流畅。</translation>
    </message>
    <message>
        <source>Automatic</source>
        <comment>spin box at 0: as many threads as physical cores</comment>
        <translation>自动</translation>
    </message>
    <message>
        <source>Advanced training settings</source>
        <translation>高级训练设置</translation>
    </message>
    <message>
        <source>Settings most people never need to change.</source>
        <translation>大多数人永远不需要更改的设置。</translation>
    </message>
    <message>
        <source>How many numbers the model learns. More = it can learn more, but trains slower.</source>
        <translation>模型要学习多少个数字。越多 = 它能学到的越多，但训练越慢。</translation>
    </message>
    <message>
        <source>Roughly how much memory training needs with these settings (an upper estimate), and all the memory of the device it trains on.</source>
        <translation>用这些设置训练大约需要多少内存（偏高的估计），以及训练所用设备的全部内存。</translation>
    </message>
    <message>
        <source>Measured with a few real training steps on this computer.</source>
        <translation>在这台电脑上用几步真实训练测得。</translation>
    </message>
    <message>
        <source>These settings shape the model and are fixed once it has trained.</source>
        <translation>这些设置决定模型的结构，模型训练后就固定不变了。</translation>
    </message>
    <message>
        <source>Start a new model…</source>
        <translation>开始新模型…</translation>
    </message>
    <message>
        <source>Unlock these settings. The trained model is replaced only when you train again.</source>
        <translation>解锁这些设置。只有再次训练时，已训练的模型才会被替换。</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>Estimates</source>
        <translation>估算</translation>
    </message>
    <message>
        <source>Size</source>
        <comment>estimate: how many parameters the model has</comment>
        <translation>规模</translation>
    </message>
    <message>
        <source>Memory</source>
        <comment>estimate: memory training needs</comment>
        <translation>内存</translation>
    </message>
    <message>
        <source>Time</source>
        <comment>estimate: how long training takes</comment>
        <translation>时间</translation>
    </message>
    <message>
        <source>Text → tokens</source>
        <translation>文本 → 词元</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>BPE vocabulary size</source>
        <translation>BPE 词表大小</translation>
    </message>
    <message>
        <source>Data</source>
        <comment>setting: one long text or one example per line</comment>
        <translation>数据</translation>
    </message>
    <message>
        <source>Kept for validation</source>
        <translation>留作验证</translation>
    </message>
    <message>
        <source>Model shape</source>
        <translation>模型结构</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Attention heads</source>
        <translation>注意力头数</translation>
    </message>
    <message>
        <source>Embedding size</source>
        <translation>嵌入大小</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>丢弃率</translation>
    </message>
    <message>
        <source>Training</source>
        <comment>group of training settings</comment>
        <translation>训练</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <comment>setting: AdamW or Muon</comment>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Warm-up steps</source>
        <translation>预热步数</translation>
    </message>
    <message>
        <source>Training steps</source>
        <translation>训练步数</translation>
    </message>
    <message>
        <source>Check every (steps)</source>
        <translation>评估间隔（步）</translation>
    </message>
    <message>
        <source>Stop early after (checks)</source>
        <translation>提前停止（检查次数）</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>Seed</source>
        <comment>setting: random seed</comment>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Device</source>
        <comment>setting: where the model trains</comment>
        <translation>设备</translation>
    </message>
    <message>
        <source>Precision</source>
        <comment>setting: number format while training</comment>
        <translation>精度</translation>
    </message>
    <message>
        <source>Sample starts with</source>
        <translation>样本开头</translation>
    </message>
    <message>
        <source>Sample length</source>
        <translation>样本长度</translation>
    </message>
    <message>
        <source>LoRA adapters (rank)</source>
        <translation>LoRA 适配器（秩）</translation>
    </message>
    <message>
        <source>Advanced training</source>
        <translation>高级训练</translation>
    </message>
    <message>
        <source>Final learning rate</source>
        <translation>最终学习率</translation>
    </message>
    <message>
        <source>Batches per check</source>
        <translation>每次评估的批次数</translation>
    </message>
    <message>
        <source>Adam beta 1</source>
        <translation>Adam beta 1</translation>
    </message>
    <message>
        <source>Adam beta 2</source>
        <translation>Adam beta 2</translation>
    </message>
    <message>
        <source>Processor threads</source>
        <translation>处理器线程数</translation>
    </message>
    <message>
        <source>Chosen by Automatic settings for this project&apos;s text and time; chosen again when the text, its data mode or the time changes.</source>
        <translation>由“自动设置”根据这个项目的文本和训练时长选定；文本、数据模式或时长改变时会重新选择。</translation>
    </message>
    <message>
        <source>Chosen by Automatic settings for this project&apos;s text and time when its model was made.</source>
        <translation>由“自动设置”在这个项目的模型建立时，根据它的文本和训练时长选定。</translation>
    </message>
    <message>
        <source>Start a new model?</source>
        <translation>开始新模型？</translation>
    </message>
    <message>
        <source>This unlocks the settings that shape the model. Nothing changes yet: the trained model is replaced by a new one, trained from scratch, when you start training again.</source>
        <translation>这会解锁决定模型结构的设置。现在还不会有任何改变：等你再次开始训练时，已训练的模型才会被一个从零开始训练的新模型替换。</translation>
    </message>
    <message>
        <source>The warm-up ({warmup:,} steps) cannot be longer than the whole training ({steps:,} steps).</source>
        <translation>预热（{warmup:,} 步）不能比整个训练（{steps:,} 步）还长。</translation>
    </message>
    <message>
        <source>Settings chosen for your text and this computer when this model was made. Change a training setting to make them your own; “Start a new model…” below has them chosen again, or lets you pick a preset.</source>
        <translation>这些设置是在制作这个模型时为你的文本和这台电脑选择的。改动一项训练设置即可自行决定；下方的“开始新模型…”会重新为你选择，也可以改选一个预设。</translation>
    </message>
    <message>
        <source>Settings chosen for your text and this computer, to train in the time you give: change any of them to make them your own.</source>
        <translation>为你的文本和这台电脑选择的设置，在你给定的时间内完成训练：改动任何一项即可自行决定。</translation>
    </message>
    <message>
        <source>Your own settings. A trained model keeps its shape, so no preset can be picked now: “Start a new model…” below starts over, and then you can pick one.</source>
        <translation>你自己的设置。训练过的模型会保持它的形状，所以现在不能选择预设：下方的“开始新模型…”会重新开始，之后就可以选择一个预设。</translation>
    </message>
    <message>
        <source>Your own settings. Pick a preset to start again from one.</source>
        <translation>你自己的设置。选择一个预设即可从它重新开始。</translation>
    </message>
    <message>
        <source>— (fix the model shape first)</source>
        <translation>—（请先修正模型结构）</translation>
    </message>
    <message>
        <source>{millions:.2f} million parameters</source>
        <comment>also given: {ten_thousands:,.0f}, for languages that count in ten-thousands</comment>
        <translation>约 {ten_thousands:,.0f} 万个参数</translation>
    </message>
    <message>
        <source>{count:,} parameters</source>
        <translation>{count:,} 个参数</translation>
    </message>
    <message>
        <source>about {memory} while training ({device} has {capacity})</source>
        <translation>训练时约需 {memory}（{device}共有 {capacity}）</translation>
    </message>
    <message>
        <source>about {memory} while training</source>
        <translation>训练时约需 {memory}</translation>
    </message>
    <message>
        <source>measuring on this computer…</source>
        <translation>正在这台电脑上测量…</translation>
    </message>
    <message>
        <source>{milliseconds:,.0f} ms</source>
        <translation>{milliseconds:,.0f} 毫秒</translation>
    </message>
    <message>
        <source>{seconds:,.1f} s</source>
        <translation>{seconds:,.1f} 秒</translation>
    </message>
    <message>
        <source>about {duration} for {steps:,} steps and their checks
({per_step} per step)</source>
        <translation>{steps:,} 步及其检查约需 {duration}
（每步 {per_step}）</translation>
    </message>
</context>
<context>
    <name>ShapeNote</name>
    <message>
        <source>Use it</source>
        <translation>采用</translation>
    </message>
    <message>
        <source>Use the data mode the text&apos;s structure suggests (Model &amp; Training settings).</source>
        <translation>采用文本结构所建议的数据方式（模型与训练设置）。</translation>
    </message>
    <message>
        <source>Show the first examples</source>
        <translation>显示前几个样本</translation>
    </message>
    <message>
        <source>The first examples of the text as the model will see them.</source>
        <translation>文本的前几个样本，按模型将看到的样子显示。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Data: {mode}.&lt;/b&gt; {reason}</source>
        <translation>&lt;b&gt;数据：{mode}。&lt;/b&gt;{reason}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Data: {mode}&lt;/b&gt; (guessed from the text when the project was made; Model &amp;amp; Training settings change it). The text now looks like {guessed}: {reason}</source>
        <translation>&lt;b&gt;数据：{mode}&lt;/b&gt;（创建项目时根据当时的文本推测；可在“模型与训练设置”中更改）。文本现在看起来适合{guessed}：{reason}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Data: {mode}&lt;/b&gt; (chosen in Model &amp;amp; Training settings). The text looks like {guessed}: {reason}</source>
        <translation>&lt;b&gt;数据：{mode}&lt;/b&gt;（在“模型与训练设置”中选择）。文本看起来适合{guessed}：{reason}</translation>
    </message>
    <message>
        <source>Automatic settings are being chosen for this text: how many examples its context cuts is said once they are.</source>
        <translation>正在为这段文本选择自动设置：选好之后再说明上下文会截断多少个样本。</translation>
    </message>
    <message>
        <source>{count:,} of {examples:,} examples are longer than the context of {block} and are cut.</source>
        <translation>{examples:,} 个样本中有 {count:,} 个超过上下文长度 {block}，会被截断。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Most examples are cut:&lt;/b&gt; the model rarely sees one end, so it will seldom stop on its own. A longer context (Model shape) fits them, at a cost in speed; continuous text learns them in pieces.</source>
        <translation>&lt;b&gt;大多数样本被截断：&lt;/b&gt;模型很少看到样本的结尾，所以它很少会自己停下来。更长的上下文（模型结构）能放下它们，但会变慢；连续文本则把它们分段学习。</translation>
    </message>
    <message>
        <source>Use {mode}</source>
        <translation>改为{mode}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Most of the text is not learnt:&lt;/b&gt; {cut:,} of its {tokens:,} tokens ({share:.0%}) are cut off.</source>
        <translation>&lt;b&gt;大部分文本学不到：&lt;/b&gt;{tokens:,} 个词元中有 {cut:,} 个（{share:.0%}）被截掉。</translation>
    </message>
    <message>
        <source>Most of it is one example of {longest:,} tokens, which begins “{start}”: a text with no lines such as “%” (or blank lines) between its parts is one example. Put them in, or use one continuous text, which learns all of it.</source>
        <translation>其中大部分是一个 {longest:,} 个词元的样本，开头是“{start}”：各部分之间没有“%”这样的行（或空行）的文本算作一个样本。请加上分隔行，或改用一整段连续文本，这样全部都能学到。</translation>
    </message>
    <message>
        <source>One continuous text learns all of it.</source>
        <translation>改用一整段连续文本则全部都能学到。</translation>
    </message>
</context>
<context>
    <name>ShortcutOffer</name>
    <message>
        <source>Add GPT Studio to your applications menu, with its icon, so that it starts like your other programs?</source>
        <translation>把 GPT Studio（连同图标）加入应用程序菜单，像其他程序一样启动？</translation>
    </message>
    <message>
        <source>Add to the menu</source>
        <translation>加入菜单</translation>
    </message>
    <message>
        <source>GPT Studio could not be added to the applications menu: {problem}</source>
        <translation>无法把 GPT Studio 加入应用程序菜单：{problem}</translation>
    </message>
    <message>
        <source>GPT Studio is now in your applications menu ({path}).</source>
        <translation>GPT Studio 已加入应用程序菜单（{path}）。</translation>
    </message>
</context>
<context>
    <name>SourceBar</name>
    <message>
        <source>The encoding the file was read in. If its text looks garbled, choose the one it was written in: the file is read again (Undo brings the text back).</source>
        <translation>读取文件所用的编码。如果文字显示成乱码，请选择它实际使用的编码：文件会被重新读取（撤销可恢复原来的文本）。</translation>
    </message>
    <message>
        <source>{names} appended at the end of the text.</source>
        <translation>{names} 已追加到文本末尾。</translation>
    </message>
    <message>
        <source>The text of {name}, with {names} appended.</source>
        <translation>{name} 的文本，后面追加了 {names}。</translation>
    </message>
    <message>
        <source>marked in the file</source>
        <translation>文件中已标明</translation>
    </message>
    <message>
        <source>recognised</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <source>chosen</source>
        <translation>手动选择</translation>
    </message>
    <message>
        <source>{name} was read as ({how}):</source>
        <translation>{name} 的读取编码（{how}）：</translation>
    </message>
    <message>
        <source>If {name} is text, choose its encoding to read it:</source>
        <translation>如果 {name} 是文本，请选择它的编码来读取：</translation>
    </message>
</context>
<context>
    <name>StrayOffer</name>
    <message>
        <source>Clean them</source>
        <translation>清除它们</translation>
    </message>
    <message>
        <source>Remove these characters from the text (Undo brings them back).</source>
        <translation>从文本中删除这些字符（撤销可恢复）。</translation>
    </message>
    <message>
        <source>Recognise its encoding</source>
        <translation>识别它的编码</translation>
    </message>
    <message>
        <source>Read the file again in the encoding GPT Studio recognises in it (Undo brings this text back).</source>
        <translation>按 GPT Studio 在文件中识别出的编码重新读取它（撤销可恢复现在的文本）。</translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Leave the text as it is: the model will learn these characters too.</source>
        <translation>保持文本原样：模型也会学习这些字符。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{count:,} characters of this text could not be read in {encoding}&lt;/b&gt; (shown as �): the file was probably written in another encoding. Let GPT Studio recognise it, or choose one above.</source>
        <translation>&lt;b&gt;这段文本中有 {count:,} 个字符无法按 {encoding} 读取&lt;/b&gt;（显示为 �）：这个文件很可能是用另一种编码写的。让 GPT Studio 识别它，或在上方选择一种编码。</translation>
    </message>
    <message>
        <source>&lt;b&gt;This text holds {count:,} characters that are not text:&lt;/b&gt; {what}. A model would learn them as if they were part of the text, and write them back.</source>
        <translation>&lt;b&gt;这段文本含有 {count:,} 个不是文字的字符：&lt;/b&gt;{what}。模型会把它们当作文本的一部分来学，并在写作时写出来。</translation>
    </message>
</context>
<context>
    <name>TextFormat</name>
    <message>
        <source>unknown time</source>
        <translation>未知时间</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>{minutes} min {seconds:02d} s</source>
        <translation>{minutes} 分 {seconds:02d} 秒</translation>
    </message>
    <message>
        <source>{hours} h {minutes:02d} min</source>
        <translation>{hours} 小时 {minutes:02d} 分钟</translation>
    </message>
    <message>
        <source>{size:,.0f} bytes</source>
        <translation>{size:,.0f} 字节</translation>
    </message>
    <message>
        <source>{size:,.1f} KB</source>
        <translation>{size:,.1f} KB</translation>
    </message>
    <message>
        <source>{size:,.1f} MB</source>
        <translation>{size:,.1f} MB</translation>
    </message>
    <message>
        <source>{size:,.1f} GB</source>
        <translation>{size:,.1f} GB</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between the items of a list</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>(end)</source>
        <comment>token label: the end-of-text token</comment>
        <translation>（结束）</translation>
    </message>
</context>
<context>
    <name>Threads</name>
    <message>
        <source>The computer refused to start a background task: it is short of threads or memory. Close some programs, then try again. Your work is safe.</source>
        <translation>电脑拒绝启动一项后台任务：线程或内存不够了。请关闭一些程序后再试。你的工作是安全的。</translation>
    </message>
</context>
<context>
    <name>TokenText</name>
    <message>
        <source>Token {position:,}: “{piece}” (number {token_id:,} in the vocabulary)</source>
        <translation>第 {position:,} 个词元：“{piece}”（词表中的第 {token_id:,} 号）</translation>
    </message>
</context>
<context>
    <name>TokenView</name>
    <message>
        <source>Generated text appears here as the model writes it.</source>
        <translation>模型写的文本会在这里随写随显示。</translation>
    </message>
    <message>
        <source>Why this token? Show the choices the model had here</source>
        <translation>为什么是这个词元？查看模型在这里有哪些选择</translation>
    </message>
    <message>
        <source>Opens Look inside ▸ Next token with the text up to this point, so you see every token the model could have written instead.</source>
        <translation>用到这里为止的文本打开“模型内部 ▸ 下一个词元”，这样你能看到模型在这里本来还可能写出的每一个词元。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{token}&lt;/b&gt;: {prob:.0%} sure</source>
        <translation>&lt;b&gt;{token}&lt;/b&gt;：把握 {prob:.0%}</translation>
    </message>
    <message>
        <source>Other choices it considered:</source>
        <translation>它还考虑过的其他选择：</translation>
    </message>
</context>
<context>
    <name>TokenizerView</name>
    <message>
        <source>Characters</source>
        <translation>字符</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>词</translation>
    </message>
    <message>
        <source>BPE pieces</source>
        <translation>BPE 片段</translation>
    </message>
    <message>
        <source>One token per character: a tiny vocabulary, but the most tokens.</source>
        <translation>每个字符一个词元：词表很小，但词元数量最多。</translation>
    </message>
    <message>
        <source>One token per word, space or punctuation mark: the fewest tokens, but a huge vocabulary, and words it never saw become &lt;unk&gt;.</source>
        <translation>每个词、空格或标点符号一个词元：词元数量最少，但词表非常大，而且没见过的词会变成 &lt;unk&gt;。</translation>
    </message>
    <message>
        <source>Byte-pair encoding: frequent pieces of words become one token. In between: fewer tokens than characters, a vocabulary you choose, and any text at all can be read.</source>
        <translation>字节对编码（BPE）：常见的词片段会合成一个词元。介于两者之间：词元比字符少，词表大小由你决定，而且任何文本都能读。</translation>
    </message>
    <message>
        <source>character</source>
        <translation>字符级</translation>
    </message>
    <message>
        <source>word</source>
        <translation>词级</translation>
    </message>
    <message>
        <source>BPE</source>
        <translation>BPE</translation>
    </message>
    <message>
        <source>GPT-2</source>
        <translation>GPT-2</translation>
    </message>
    <message>
        <source>WordPiece</source>
        <translation>WordPiece</translation>
    </message>
    <message>
        <source>This could not be worked out ({error}).</source>
        <translation>无法算出结果（{error}）。</translation>
    </message>
    <message>
        <source>A model does not read letters or words: it reads &lt;b&gt;tokens&lt;/b&gt;, the pieces its tokenizer cuts the text into. Below, each coloured block is one token (the colour changes where a new token starts). Dots are spaces, ¶ marks the end of a line. Hover a block to see which token it is.</source>
        <translation>模型读的不是字母或单词，而是&lt;b&gt;词元&lt;/b&gt;：分词器把文本切成的小块。下面每个彩色方块就是一个词元（颜色变化的地方就是新词元的开始）。圆点代表空格，¶ 表示一行的结尾。把鼠标悬停在方块上，可以看到它是哪个词元。</translation>
    </message>
    <message>
        <source>Splitting your text…</source>
        <translation>正在切分你的文本…</translation>
    </message>
    <message>
        <source>The start of your text, cut into tokens.</source>
        <translation>你的文本开头部分，已切分成词元。</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>Tokens in your text</source>
        <translation>你的文本中的词元数</translation>
    </message>
    <message>
        <source>Vocabulary (different tokens)</source>
        <translation>词表大小（不同词元的数量）</translation>
    </message>
    <message>
        <source>The same text with each tokenizer</source>
        <translation>用每种分词器切分同一段文本</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Counting the tokens of your text with each tokenizer…</source>
        <translation>正在用每种分词器统计你的文本有多少词元…</translation>
    </message>
    <message>
        <source>{name} ({kind}) — chosen by Automatic settings</source>
        <translation>{name}（{kind}）— 由自动设置选择</translation>
    </message>
    <message>
        <source>{name} ({kind}) — chosen in Model &amp; Training settings</source>
        <translation>{name}（{kind}）— 在“模型与训练设置”中选择</translation>
    </message>
    <message>
        <source>There is no text yet: add some in the Corpus tab.</source>
        <translation>还没有文本：请在“语料”页中添加一些。</translation>
    </message>
    <message>
        <source>All of your text, cut by the {kind} tokenizer into {tokens:,} tokens (vocabulary {vocabulary:,}).</source>
        <translation>你的全部文本，由{kind}分词器切分成 {tokens:,} 个词元（词表 {vocabulary:,}）。</translation>
    </message>
    <message>
        <source>The first {shown:,} characters of your text, cut by the {kind} tokenizer into {tokens:,} tokens (vocabulary {vocabulary:,}).</source>
        <translation>你的文本的前 {shown:,} 个字符，由{kind}分词器切分成 {tokens:,} 个词元（词表 {vocabulary:,}）。</translation>
    </message>
    <message>
        <source>Fewer tokens fit more text into the model&apos;s context; a bigger vocabulary gives the model more different tokens to learn. Counted on the first {sample:,} characters of your {total:,}, to save time.</source>
        <translation>词元越少，模型的上下文就能装下越多文本；词表越大，模型要学习的不同词元就越多。为了节省时间，只统计了你全部 {total:,} 个字符中的前 {sample:,} 个。</translation>
    </message>
    <message>
        <source>Fewer tokens fit more text into the model&apos;s context; a bigger vocabulary gives the model more different tokens to learn.</source>
        <translation>词元越少，模型的上下文就能装下越多文本；词表越大，模型要学习的不同词元就越多。</translation>
    </message>
</context>
<context>
    <name>TrainTab</name>
    <message>
        <source>Loss curve as a PNG image…</source>
        <translation>损失曲线（PNG 图片）…</translation>
    </message>
    <message>
        <source>Save the loss curve as an image</source>
        <translation>将损失曲线保存为图片</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Loss curve as an SVG drawing…</source>
        <translation>损失曲线（SVG 矢量图）…</translation>
    </message>
    <message>
        <source>Save the loss curve as a drawing</source>
        <translation>将损失曲线保存为矢量图</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Loss numbers as a CSV table…</source>
        <translation>损失数值（CSV 表格）…</translation>
    </message>
    <message>
        <source>Save the loss numbers</source>
        <translation>保存损失数值</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>Samples as a text file…</source>
        <translation>样本（文本文件）…</translation>
    </message>
    <message>
        <source>Save the samples</source>
        <translation>保存样本</translation>
    </message>
    <message>
        <source>Text file (*.txt)</source>
        <translation>文本文件 (*.txt)</translation>
    </message>
    <message>
        <source>Train</source>
        <comment>button: start training</comment>
        <translation>训练</translation>
    </message>
    <message>
        <source>Pause</source>
        <comment>button: pause training</comment>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause training without losing anything; press again to resume.</source>
        <translation>暂停训练，不会丢失任何内容；再按一次即可继续。</translation>
    </message>
    <message>
        <source>Stop</source>
        <comment>button: stop training</comment>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop training and save a checkpoint (Esc). Train continues later.</source>
        <translation>停止训练并保存检查点（Esc）。之后按“训练”可以接着训练。</translation>
    </message>
    <message>
        <source> more steps</source>
        <translation> 步（追加）</translation>
    </message>
    <message>
        <source>How many steps “Train more” adds. The learning-rate schedule does not start again: the extra steps take a small rate.</source>
        <translation>“继续训练”追加的步数。学习率计划不会重新开始：追加的步数使用较小的学习率。</translation>
    </message>
    <message>
        <source>the best model</source>
        <translation>最好的模型</translation>
    </message>
    <message>
        <source>the latest model</source>
        <translation>最新的模型</translation>
    </message>
    <message>
        <source>Which saved model Generate, Look inside and export use: the one with the lowest validation loss (the star on the curve; a model that went on to memorise its text writes worse), or the one from the last step.</source>
        <translation>生成、查看内部和导出使用哪个保存的模型：验证损失最低的那个（曲线上的星号；继续训练到死记硬背的模型写得更差），还是最后一步的那个。</translation>
    </message>
    <message>
        <source>Write and look inside with:</source>
        <translation>生成和查看内部使用：</translation>
    </message>
    <message>
        <source>the best model (step {step:,}, validation loss {loss:.2f})</source>
        <translation>最好的模型（第 {step:,} 步，验证损失 {loss:.2f}）</translation>
    </message>
    <message>
        <source>Trained for {steps:,} steps. {why}</source>
        <translation>已训练 {steps:,} 步。{why}</translation>
    </message>
    <message>
        <source>Trained for {steps:,} steps, validation loss {loss:.2f}. Train continues from there.</source>
        <translation>已训练 {steps:,} 步，验证损失 {loss:.2f}。按“训练”会从这里接着训练。</translation>
    </message>
    <message>
        <source>Training steps done out of the planned number of steps.</source>
        <translation>已完成的训练步数 / 计划的总步数。</translation>
    </message>
    <message>
        <source>Not trained yet. Press Train to start.</source>
        <translation>尚未训练。按“训练”开始。</translation>
    </message>
    <message>
        <source>The latest training loss, learning rate, speed and time left.</source>
        <translation>最新的训练损失、学习率、速度和剩余时间。</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <source>Show the loss on a logarithmic scale: small late improvements become visible.</source>
        <translation>用对数刻度显示损失：后期的微小进步也能看得出来。</translation>
    </message>
    <message>
        <source>Export</source>
        <comment>button: save the curve or samples</comment>
        <translation>导出</translation>
    </message>
    <message>
        <source>Save the loss curve as an image (PNG or SVG), its numbers as a CSV table, or the samples as text.</source>
        <translation>将损失曲线保存为图片（PNG 或 SVG），将其数值保存为 CSV 表格，或将样本保存为文本。</translation>
    </message>
    <message>
        <source>The validation loss read as a number of choices: the model is as unsure of the next token as if it picked among that many at random (the perplexity, e to the power of the loss).</source>
        <translation>把验证损失换算成“选项个数”：模型对下一个词元的把握，相当于在这么多个选项中随机挑一个（即困惑度，等于 e 的损失次方）。</translation>
    </message>
    <message>
        <source>Validation loss is measured on text the model never trains on. When it rises while training loss falls, the model is learning its training text by heart rather than how the language works.</source>
        <translation>验证损失是在模型从不用来训练的文本上测出的。如果训练损失下降而验证损失上升，说明模型在死记硬背训练文本，而不是在学习语言的规律。</translation>
    </message>
    <message>
        <source>Drag to see what the model wrote at each evaluation: random letters at first, then words, then sentences. The dashed line on the curve marks the step. At the right end it follows training live.</source>
        <translation>拖动滑块，查看模型在每次评估时写了什么：起初是随机字母，然后是单词，再后来是句子。曲线上的虚线标出对应的步数。拖到最右端时，它会实时跟随训练。</translation>
    </message>
    <message>
        <source>Samples over time</source>
        <translation>样本时间线</translation>
    </message>
    <message>
        <source>What the model writes</source>
        <translation>模型写出的内容</translation>
    </message>
    <message>
        <source>After each evaluation the model writes a short sample, so you can watch its writing improve.</source>
        <translation>每次评估后，模型都会写一小段样本，你可以看着它越写越好。</translation>
    </message>
    <message>
        <source>A sample appears here after each evaluation.</source>
        <translation>每次评估后，这里会出现一段样本。</translation>
    </message>
    <message>
        <source>Back to the latest model</source>
        <translation>回到最新的模型</translation>
    </message>
    <message>
        <source>Close this panel and show the latest model&apos;s samples again.</source>
        <translation>关闭这个面板，重新显示最新模型写的样本。</translation>
    </message>
    <message>
        <source>the latest model (step {step:,})</source>
        <translation>最新的模型（第 {step:,} 步）</translation>
    </message>
    <message>
        <source>Train more</source>
        <comment>button: train more steps</comment>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Resume</source>
        <comment>button: resume training</comment>
        <translation>继续</translation>
    </message>
    <message>
        <source>Stopping after this step and saving a checkpoint...</source>
        <translation>这一步结束后停止，并保存检查点…</translation>
    </message>
    <message>
        <source>Preparing the data and the model...</source>
        <translation>正在准备数据和模型…</translation>
    </message>
    <message>
        <source>Training on {device} in {precision}, {params:,} parameters...</source>
        <translation>正在用 {device} 以 {precision} 训练，共 {params:,} 个参数…</translation>
    </message>
    <message>
        <source>Paused at step {step:,}. Press Resume to continue.</source>
        <translation>已在第 {step:,} 步暂停。按“继续”接着训练。</translation>
    </message>
    <message>
        <source>Train the model for more steps (F5), from its last checkpoint.</source>
        <translation>从最后一个检查点起，再训练更多步（F5）。</translation>
    </message>
    <message>
        <source>Start training (F5). If the model has trained before, this continues from its last checkpoint.</source>
        <translation>开始训练（F5）。如果模型之前训练过，会从上一个检查点接着训练。</translation>
    </message>
    <message>
        <source>Trained for {steps:,} steps. Train continues from there.</source>
        <translation>已训练 {steps:,} 步。按“训练”会从这里接着训练。</translation>
    </message>
    <message>
        <source>loss {loss:.3f}  ·  learning rate {lr:.2e}  ·  {speed:,.0f} tokens/s  ·  {elapsed} so far  ·  about {left} left</source>
        <translation>损失 {loss:.3f}  ·  学习率 {lr:.2e}  ·  {speed:,.0f} 词元/秒  ·  已用 {elapsed}  ·  约剩 {left}</translation>
    </message>
    <message>
        <source>After the first evaluation, this says in plain words what the loss means.</source>
        <translation>第一次评估之后，这里会用通俗的话说明损失的含义。</translation>
    </message>
    <message>
        <source>What the model writes (latest, after step {step:,})</source>
        <translation>模型写出的内容（最新，第 {step:,} 步之后）</translation>
    </message>
    <message>
        <source>What the model writes (after step {step:,})</source>
        <translation>模型写出的内容（第 {step:,} 步之后）</translation>
    </message>
    <message>
        <source>step {step:,} · {number} of {count}</source>
        <translation>第 {step:,} 步 · 第 {number} 个，共 {count} 个</translation>
    </message>
    <message>
        <source>No earlier model is saved yet. While the model trains, one is kept now and then (the diamonds on the curve); click near one to hear what the model wrote at that step.</source>
        <translation>还没有保存过早先的模型。训练过程中会不时保存一个（曲线上的菱形）；点击其中一个附近，就能看看模型在那一步写了什么。</translation>
    </message>
    <message>
        <source>No model was saved before step {step:,}. The earliest saved one is from step {first:,}: click at or after it.</source>
        <translation>第 {step:,} 步之前没有保存过模型。最早的存档是第 {first:,} 步的：请点击它或它之后的位置。</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写…</translation>
    </message>
    <message>
        <source>Time travel</source>
        <translation>时光回溯</translation>
    </message>
    <message>
        <source>The model at step {step:,} writes:</source>
        <translation>第 {step:,} 步的模型写道：</translation>
    </message>
    <message>
        <source>Every saved model starts from the prompt “{prompt}”, with temperature {temperature:g}, up to {tokens} tokens and seed {seed}, so two steps can be compared fairly. Click another point on the curve to hear another step.</source>
        <translation>每个存档都从提示词“{prompt}”开始写，温度 {temperature:g}，最多 {tokens} 个词元，随机种子 {seed}，这样不同步数之间可以公平比较。点击曲线上的另一个点，看看另一步的结果。</translation>
    </message>
    <message>
        <source>Every saved model starts from nothing, with temperature {temperature:g}, up to {tokens} tokens and seed {seed}, so two steps can be compared fairly. Click another point on the curve to hear another step.</source>
        <translation>每个存档都从零开始写，温度 {temperature:g}，最多 {tokens} 个词元，随机种子 {seed}，这样不同步数之间可以公平比较。点击曲线上的另一个点，看看另一步的结果。</translation>
    </message>
    <message>
        <source>There are no samples to save yet: they come with each evaluation.</source>
        <translation>还没有可保存的样本：每次评估后才会有样本。</translation>
    </message>
    <message>
        <source>There is no loss curve to save yet: train the model first.</source>
        <translation>还没有可保存的损失曲线：请先训练模型。</translation>
    </message>
    <message>
        <source>Could not save {name}: {reason}.</source>
        <translation>无法保存 {name}：{reason}。</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>已保存 {name}。</translation>
    </message>
    <message>
        <source>the image could not be encoded as PNG</source>
        <translation>图片无法编码为 PNG</translation>
    </message>
    <message>
        <source>Loss curve</source>
        <translation>损失曲线</translation>
    </message>
    <message>
        <source>step {done:,} of {planned:,}</source>
        <translation>第 {done:,} 步，共 {planned:,} 步</translation>
    </message>
</context>
<context>
    <name>TrashActions</name>
    <message>
        <source>Delete project</source>
        <translation>删除项目</translation>
    </message>
    <message>
        <source>Move the project “{name}” (text, settings and trained model) to the trash folder?</source>
        <translation>要把项目“{name}”（文本、设置和训练好的模型）移到回收站文件夹吗？</translation>
    </message>
    <message>
        <source>Delete</source>
        <comment>button: move the project to the trash</comment>
        <translation>删除</translation>
    </message>
    <message>
        <source>“{name}” was moved to the trash folder ({folder}); File ▸ Deleted projects… can restore it.</source>
        <translation>“{name}”已移到回收站文件夹（{folder}）；可以通过“文件 ▸ 已删除的项目…”恢复它。</translation>
    </message>
    <message>
        <source>Restored “{name}”, but it cannot be opened: {error}</source>
        <translation>已恢复“{name}”，但无法打开它：{error}</translation>
    </message>
    <message>
        <source>Restored “{name}” from the trash.</source>
        <translation>已从回收站恢复“{name}”。</translation>
    </message>
    <message>
        <source>Restored “{name}”: it is back in your project list.</source>
        <translation>已恢复“{name}”：它已回到你的项目列表中。</translation>
    </message>
</context>
<context>
    <name>TrashDialog</name>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>删除时间</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>{count} deleted project</source>
        <translation>{count} 个已删除的项目</translation>
    </message>
    <message>
        <source>{count} deleted projects</source>
        <translation>{count} 个已删除的项目</translation>
    </message>
    <message>
        <source>{count} earlier model</source>
        <translation>{count} 个旧模型</translation>
    </message>
    <message>
        <source>{count} earlier models</source>
        <translation>{count} 个旧模型</translation>
    </message>
    <message>
        <source>{count} other folder</source>
        <translation>{count} 个其他文件夹</translation>
    </message>
    <message>
        <source>{count} other folders</source>
        <translation>{count} 个其他文件夹</translation>
    </message>
    <message>
        <source>Deleted projects wait here until you empty the trash; Restore puts one back in your list.</source>
        <translation>删除的项目会留在这里，直到你清空回收站；点“恢复”可以把它放回项目列表。</translation>
    </message>
    <message>
        <source>Earlier model of “{name}”</source>
        <translation>“{name}”的旧模型</translation>
    </message>
    <message>
        <source>Other files: {name}</source>
        <translation>其他文件：{name}</translation>
    </message>
    <message>
        <source>The project “{name}”: its text, settings and trained model. Restore puts it back in your project list.</source>
        <translation>项目“{name}”：包括它的文本、设置和训练好的模型。点“恢复”可以把它放回项目列表。</translation>
    </message>
    <message>
        <source>The model “{name}” had before a new model was started in it. It is kept here in case you want it back, but it cannot be restored from this window; Empty trash deletes it. Folder: {folder}</source>
        <translation>这是“{name}”在开始训练新模型之前的模型。它保留在这里，以防你还想要它，但无法在此窗口中恢复；“清空回收站”会将它删除。文件夹：{folder}</translation>
    </message>
    <message>
        <source>A folder in the trash that is not a project. Empty trash deletes it. Folder: {folder}</source>
        <translation>回收站中一个不属于项目的文件夹。“清空回收站”会将它删除。文件夹：{folder}</translation>
    </message>
    <message>
        <source>Restore puts “{name}” back in your project list and opens it.</source>
        <translation>点“恢复”会把“{name}”放回项目列表并打开它。</translation>
    </message>
    <message>
        <source>Set aside when “{name}” got a new model. It cannot be restored here; Empty trash deletes it.</source>
        <translation>在“{name}”换用新模型时移到这里。无法在此恢复；“清空回收站”会将它删除。</translation>
    </message>
    <message>
        <source>“{name}” is not a project: it cannot be restored; Empty trash deletes it.</source>
        <translation>“{name}”不是项目：无法恢复；“清空回收站”会将它删除。</translation>
    </message>
    <message>
        <source>January</source>
        <translation>1月</translation>
    </message>
    <message>
        <source>February</source>
        <translation>2月</translation>
    </message>
    <message>
        <source>March</source>
        <translation>3月</translation>
    </message>
    <message>
        <source>April</source>
        <translation>4月</translation>
    </message>
    <message>
        <source>May</source>
        <comment>month</comment>
        <translation>5月</translation>
    </message>
    <message>
        <source>June</source>
        <translation>6月</translation>
    </message>
    <message>
        <source>July</source>
        <translation>7月</translation>
    </message>
    <message>
        <source>August</source>
        <translation>8月</translation>
    </message>
    <message>
        <source>September</source>
        <translation>9月</translation>
    </message>
    <message>
        <source>October</source>
        <translation>10月</translation>
    </message>
    <message>
        <source>November</source>
        <translation>11月</translation>
    </message>
    <message>
        <source>December</source>
        <translation>12月</translation>
    </message>
    <message>
        <source>unknown</source>
        <comment>when it was deleted</comment>
        <translation>未知</translation>
    </message>
    <message>
        <source>Today, {time}</source>
        <translation>今天 {time}</translation>
    </message>
    <message>
        <source>Yesterday, {time}</source>
        <translation>昨天 {time}</translation>
    </message>
    <message>
        <source>{day} {month} {year}, {time}</source>
        <translation>{year}年{month}{day}日 {time}</translation>
    </message>
    <message>
        <source>Deleted projects</source>
        <translation>已删除的项目</translation>
    </message>
    <message>
        <source>The trash is empty.</source>
        <translation>回收站是空的。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Put the selected project back in your project list and open it (renamed “Name (2)” if the name is taken).</source>
        <translation>把选中的项目放回项目列表并打开它（如果重名，会改名为“名称 (2)”）。</translation>
    </message>
    <message>
        <source>Empty trash…</source>
        <translation>清空回收站…</translation>
    </message>
    <message>
        <source>Delete everything listed here for good (asks first).</source>
        <translation>永久删除这里列出的所有内容（会先询问你）。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Close this window; the trash stays as it is.</source>
        <translation>关闭此窗口；回收站保持原样。</translation>
    </message>
    <message>
        <source>{counts}: {size} in all.</source>
        <translation>{counts}：共 {size}。</translation>
    </message>
    <message>
        <source>Delete everything in the trash for good ({count} item)? This frees {size} of disk space and cannot be undone.</source>
        <translation>要永久删除回收站中的所有内容（{count} 项）吗？这会释放 {size} 磁盘空间，且无法撤销。</translation>
    </message>
    <message>
        <source>Delete everything in the trash for good ({count} items)? This frees {size} of disk space and cannot be undone.</source>
        <translation>要永久删除回收站中的所有内容（{count} 项）吗？这会释放 {size} 磁盘空间，且无法撤销。</translation>
    </message>
    <message>
        <source>Empty trash</source>
        <translation>清空回收站</translation>
    </message>
    <message>
        <source>Delete for good</source>
        <translation>永久删除</translation>
    </message>
    <message>
        <source>The trash was emptied: {size} freed.</source>
        <translation>回收站已清空：释放了 {size}。</translation>
    </message>
</context>
<context>
    <name>WelcomeView</name>
    <message>
        <source>GPT Studio teaches a small GPT language model to write like the text you give it. Pick some text, press Train and watch it learn, then let it write.</source>
        <translation>GPT Studio 会教一个小型 GPT 语言模型模仿你给它的文本来写作。选一些文本，按“训练”看着它学习，然后让它来写。</translation>
    </message>
    <message>
        <source>Welcome to GPT Studio</source>
        <translation>欢迎使用 GPT Studio</translation>
    </message>
    <message>
        <source>Any plain text file works: stories, poems, recipes, song lyrics, a list of names. A few hundred kilobytes is plenty.</source>
        <translation>任何纯文本文件都可以：故事、诗歌、菜谱、歌词、一串名字。几百 KB 就足够了。</translation>
    </message>
    <message>
        <source>Choose a text file…</source>
        <translation>选择文本文件…</translation>
    </message>
    <message>
        <source>Create a project from a .txt or .md file on this computer.</source>
        <translation>用这台电脑上的 .txt 或 .md 文件创建项目。</translation>
    </message>
    <message>
        <source>GPT-2 and its Chinese cousins have already read a great deal: fine-tuned on your text, they write far better than a model that starts from nothing. Downloaded once, by name.</source>
        <translation>GPT-2 及其中文版本已经读过大量文本：用你的文本微调后，它们写得比从零开始的模型好得多。按名称下载，只需下载一次。</translation>
    </message>
    <message>
        <source>Start from a pretrained model…</source>
        <translation>从预训练模型开始…</translation>
    </message>
    <message>
        <source>Choose GPT-2 or another pretrained model, download it and fine-tune it on your text.</source>
        <translation>选择 GPT-2 或其他预训练模型，下载后用你的文本微调它。</translation>
    </message>
    <message>
        <source>Start from a demo (each shows something within minutes)</source>
        <translation>从示例开始（每个示例几分钟内就能看到效果）</translation>
    </message>
    <message>
        <source>Or start from your own text</source>
        <translation>或者从你自己的文本开始</translation>
    </message>
    <message>
        <source>Or start from a pretrained model</source>
        <translation>或者从预训练模型开始</translation>
    </message>
    <message>
        <source>To start a new project, choose one of the ways below: a demo, a text file of your own or a pretrained model. Each makes a project and opens it.</source>
        <translation>要新建项目，请从下面的方式中选一种：示例、你自己的文本文件，或预训练模型。每一种都会新建一个项目并打开它。</translation>
    </message>
    <message>
        <source>Or continue a project</source>
        <translation>或者继续一个项目</translation>
    </message>
    <message>
        <source>Your projects, most recent first. Double-click one to open it.</source>
        <translation>你的项目，最近的在前。双击即可打开。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open the selected project.</source>
        <translation>打开选中的项目。</translation>
    </message>
    <message>
        <source>Import a project file…</source>
        <translation>导入项目文件…</translation>
    </message>
    <message>
        <source>Open a project someone exported to a .zip file.</source>
        <translation>打开别人导出为 .zip 文件的项目。</translation>
    </message>
    <message>
        <source>No projects yet. Start one from a demo text or your own file: it will be listed here.</source>
        <translation>还没有项目。从示例文本或你自己的文件开始一个：它会显示在这里。</translation>
    </message>
    <message>
        <source>&lt;i&gt;What to look for:&lt;/i&gt; {look_for}</source>
        <translation>&lt;i&gt;值得留意的是：&lt;/i&gt;{look_for}</translation>
    </message>
    <message>
        <source>Start</source>
        <comment>button: create a project from this demo</comment>
        <translation>开始</translation>
    </message>
    <message>
        <source>Start the demo {title}</source>
        <translation>开始示例 {title}</translation>
    </message>
    <message>
        <source>Create a project from the demo text “{title}” with settings that show a result within a few minutes.</source>
        <translation>用示例文本“{title}”创建项目，所用设置几分钟内就能看到结果。</translation>
    </message>
    <message>
        <source>{name}  —  damaged: {error}</source>
        <translation>{name}  —  已损坏：{error}</translation>
    </message>
    <message>
        <source>{name}  —  trained</source>
        <translation>{name}  —  已训练</translation>
    </message>
    <message>
        <source>{name}  —  not trained yet</source>
        <translation>{name}  —  尚未训练</translation>
    </message>
</context>
<context>
    <name>Workers</name>
    <message>
        <source>The computer ran out of memory. Try a smaller model, batch size or context length.</source>
        <translation>电脑内存不足。请试试更小的模型、批大小或上下文长度。</translation>
    </message>
    <message>
        <source>The disk is full: free some space, then press Train again (your project is safe).</source>
        <translation>磁盘已满：请腾出一些空间，然后再按一次“训练”（你的项目是安全的）。</translation>
    </message>
    <message>
        <source>Something went wrong. Your project is safe; details are in the log file.</source>
        <translation>出了点问题。你的项目是安全的；详细信息在日志文件中。</translation>
    </message>
    <message>
        <source>Something went wrong: {error}. Your project is safe; details are in the log file.</source>
        <translation>出了点问题：{error}。你的项目是安全的；详细信息在日志文件中。</translation>
    </message>
</context>
<context>
    <name>_Column</name>
    <message>
        <source>The project this column was written by; its colour matches its line on the plot.</source>
        <translation>这一列来自哪个项目；它的颜色与图上对应的曲线一致。</translation>
    </message>
    <message>
        <source>How far this model trained, and its last validation loss: how surprised it was by text it never trained on (lower is better).</source>
        <translation>这个模型训练了多久，以及它最近的验证损失：它对从未训练过的文本有多意外（越低越好）。</translation>
    </message>
    <message>
        <source>Press “Write with each” to see what this model writes.</source>
        <translation>按“让每个模型各写一段”，看看这个模型写了什么。</translation>
    </message>
    <message>
        <source>What this model wrote. The prompt is in bold; the rest is the model&apos;s own.</source>
        <translation>这个模型写的内容。加粗的是提示词，其余是模型自己写的。</translation>
    </message>
</context>
<context>
    <name>_JobDialog</name>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&lt;b&gt;Not done:&lt;/b&gt; {reason}</source>
        <translation>&lt;b&gt;未完成：&lt;/b&gt;{reason}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
</TS>
