/**
 * 日本語。学習者に向けて、です・ます調で書く。PyTorch の用語（葉テンソル (leaf)、`grad_fn`、
 * `requires_grad`、backward()）とコードはそのまま。プレースホルダーは英語版と同じ。
 */
import type { MessageId } from './en.js';

export const ja: Readonly<Record<MessageId, string>> = {
  // ---- 部品 ---------------------------------------------------------------------------------
  'list.separator': '、',
  'list.and': '{first} と {last}',
  'place.file': '{file} の {line} 行目',
  'place.cell': 'セル [{cell}] の {line} 行目',
  'at.file': '（{place}）',
  'at.cell': '（{place}）',
  'nodes.more.one': 'ほか {count} 個のノード',
  'nodes.more.other': 'ほか {count} 個のノード',
  'tensor.resultOf': '{op}{at}の結果',
  'tensor.madeBy': '{node}{at}が作ったテンソル',
  'tensor.created': '{fn}{at}で作ったテンソル',
  'tensor.plain': '形状 {shape} の {dtype} テンソル',
  'into.nodes': '定数として {nodes} に入る',
  'into.output': '{gradFn} のない出力にそのまま届く',
  'output.number': '出力 {index}',
  'inPlace.unknown': 'インプレース演算',
  recordHint:
    'そのテンソルが出力の計算に使われているなら、そのコードを `with gradviz.record():` の中で実行してください（ノートブックでは `import gradviz` 以降のセルはすべて記録されます）。どこで計算グラフが切れたかを gradviz が示せるようになります。',
  'diagnosis.nothing': '勾配を止めているものはありません。名前を付けたテンソルはすべて、このグラフの葉テンソル (leaf) として勾配を受け取ります。',

  // ---- 計算グラフの切れ目 -------------------------------------------------------------------
  'cut.summary.one': '{params} に勾配が届きません。{cut}{at}で出力から切り離されています。',
  'cut.summary.other': '{params} に勾配が届きません。{cut}{at}で出力から切り離されています。',
  'cut.detach.text.one': '{cut}{at}で計算グラフが切れています。{source} の値は{into}ため、backward は {params} まで届かず、{grads} は {none} のままです。',
  'cut.detach.text.other': '{cut}{at}で計算グラフが切れています。{source} の値は{into}ため、backward は {params} まで届かず、{grads} は {none} のままです。',
  'cut.noGrad.text.one': '{noGrad}{at}の中で {source} から計算した値は{into}ため、backward は {params} まで届かず、{grads} は {none} のままです。',
  'cut.noGrad.text.other': '{noGrad}{at}の中で {source} から計算した値は{into}ため、backward は {params} まで届かず、{grads} は {none} のままです。',
  'cut.values.text.one':
    '{cut} が {source} の値を計算グラフの外へただの数値として取り出し、{tensorFn}(){at}がそれを新しいテンソルにしました。その値は{into}ため、backward は {params} まで届かず、{grads} は {none} のままです。',
  'cut.values.text.other':
    '{cut} が {source} の値を計算グラフの外へただの数値として取り出し、{tensorFn}(){at}がそれを新しいテンソルにしました。その値は{into}ため、backward は {params} まで届かず、{grads} は {none} のままです。',
  'cut.tensorOfTensors.text.one':
    '{tensorFn}([...]){at}が {source} の値を、計算グラフを持たない新しいテンソルにコピーしました。その値は{into}ため、backward は {params} まで届かず、{grads} は {none} のままです。',
  'cut.tensorOfTensors.text.other':
    '{tensorFn}([...]){at}が {source} の値を、計算グラフを持たない新しいテンソルにコピーしました。その値は{into}ため、backward は {params} まで届かず、{grads} は {none} のままです。',
  'cut.nonDifferentiable.text.one':
    '{cut}{at}には勾配がありません。{source} はこの演算に入り、出てきた {dtype} の値は{into}ため、backward は {params} まで届かず、{grads} は {none} のままです。',
  'cut.nonDifferentiable.text.other':
    '{cut}{at}には勾配がありません。{source} はこの演算に入り、出てきた {dtype} の値は{into}ため、backward は {params} まで届かず、{grads} は {none} のままです。',
  'cut.detach.fix': '勾配を流したいところでは、{cut} ではなく {source} そのものを使ってください。',
  'cut.data.fix': '{cut} ではなく {source} そのものを使ってください。.data は同じ値を計算グラフなしで返します。',
  'cut.noGrad.fix': 'その値は {noGradBlock} の外で計算して、計算グラフに残してください。',
  'cut.tensorOfTensors.fix': '値を {tensorFn}() にコピーするのではなく、計算グラフを保ったまま結合できる {stack}（または cat()）を使ってください。',
  'cut.tensorOfTensors.fixCode': '値を {tensorFn}() にコピーするのではなく、計算グラフを保ったまま結合できる {stack} を使ってください: {code}。',
  'cut.values.fix': '{source} そのもので計算を続けてください。テンソルの演算は計算グラフを保ちますが、{cut} は勾配を持たないただの数値を返します。',
  'cut.nonDifferentiable.fix':
    '損失は、勾配を持つ演算で {source} から計算してください（予測なら、スコアに対する交差エントロピーなど）。{op} は損失ではなく、評価の表示に使いましょう。',
  'partlyCut.summary.one': '{params} には勾配の一部しか届きません。{cut}{at}が出力への経路の一つを切っています。',
  'partlyCut.summary.other': '{params} には勾配の一部しか届きません。{cut}{at}が出力への経路の一つを切っています。',
  'partlyCut.text.one': '{cut}{at}は、{source} から出力への経路の一つで計算グラフを切っています（値は{into}）。{params} に勾配は届きますが、ほかの経路を通った分だけです。',
  'partlyCut.text.other': '{cut}{at}は、{source} から出力への経路の一つで計算グラフを切っています（値は{into}）。{params} に勾配は届きますが、ほかの経路を通った分だけです。',
  'partlyCut.fix': '意図したもの（勾配を止める処理）なら直す必要はありません。そうでなければ、そこでは {cut} ではなく {source} そのものを使ってください。',

  // ---- backward のエラー ---------------------------------------------------------------------
  'outputWithoutGrad.summary': '{output} で backward() を呼ぶとエラーになります。このテンソルは勾配を必要としません。',
  'outputWithoutGrad.text': '{output} には {gradFn} がありません。勾配を必要とするものが何もつながっていない{because}ため、backward() を呼ぶと "{pytorch}" というエラーになります。',
  'outputWithoutGrad.fromCuts': '（計算グラフから切り離された {sources} から計算されています）',
  'outputWithoutGrad.newTensor': '（{fn}{at}がただの値から作った新しいテンソルです）',
  'outputWithoutGrad.fix': '途中で detach() や {noGrad}、値の取り出しをせずに、勾配を必要とするテンソルから計算してください。',
  'savedTensorModified.summary': 'backward() はエラーになります。{nodes} が backward 用に保存したテンソルを、{op}{at}が書き換えています。',
  'savedTensorModified.text': '{nodes}{nodeAt}は勾配の計算のために {tensor} を保存しましたが、その後 {op}{at}がそれをインプレースで書き換えたため、backward() は "{pytorch}" というエラーになります。',
  'savedTensorModified.fix': 'backward() が終わるまでは書き換えないでください。{op} ではなく、新しいテンソルを作る {outOfPlace} を使います。',
  'savedTensorModified.fixClone': 'backward() が終わるまでは書き換えないでください。{op} で書き換えるなら、clone() したものを書き換えます。',
  'graphFreed.summary': 'backward() はエラーになります。このグラフの一部は、前の backward(){at}ですでに解放されています。',
  'graphFreed.text':
    '{nodes} が保存していたテンソルは、そこを通った backward(){at}ですでに解放されています。このグラフは {carried} を通ってもう一度そこへたどり着くため、backward() は "{pytorch}" というエラーになります。',
  'graphFreed.fix':
    'ステップをまたいで持ち越すテンソル（RNN の隠れ状態など）は、次のステップで使う前に detach() してください（{code}）。そうすれば各 backward() は自分のステップだけを通ります。同じグラフで意図的に backward() を 2 回呼ぶなら、1 回目を {retainGraph} にします。',
  'leafMoved.summary': 'backward() はエラーになります。{tensor} はもう葉テンソル (leaf) ではありません。',
  'leafMoved.text': 'このグラフが使った時点では {tensor} は葉テンソル (leaf) でしたが、{op}{at}がインプレースで書き換えて {gradFn}（{node}）を持たせたため、backward() は "{pytorch}" というエラーになります。',
  'leafMoved.fix': 'グラフで使った後の {tensor} はインプレースで書き換えないでください。新しいテンソルを作るか、{noGradBlock} の中で書き換えます。',

  // ---- 名前を付けたテンソル ----------------------------------------------------------------
  'receiver.many': 'その先の葉テンソル',
  'receiver.named': '葉テンソル {names}',
  'receiver.unnamed': 'その先にある、名前のない {dtype} の葉テンソル',
  'nonLeaf.summary': '{name}.grad は {none} です。{name} は {node}{at}が作ったテンソルで、葉テンソル (leaf) ではありません。',
  'nonLeaf.copy.text':
    '{name} が葉テンソル (leaf) ではないため、{name}.grad は {none} です。{conversion}{at}が {name} を {from} テンソルの {to} コピー（ToCopyBackward0）にしたので、勾配は {receiver} に入ります。',
  'nonLeaf.copy.fix': '作るときに dtype を指定するか（{code}）、.{requiresGradInPlace} の前に {conversion} を呼んでください。コピー側の勾配が欲しいなら {name}.{retainGrad} を使います。',
  'nonLeaf.copyRetained.text':
    '{name} は葉テンソル (leaf) ではありません。{conversion}{at}が {name} を {from} テンソルの {to} コピー（ToCopyBackward0）にしました。{retainGrad} で {name}.grad は埋まりますが、{name} を渡したオプティマイザが更新するのはコピーで、{receiver} ではありません。',
  'nonLeaf.copyRetained.fix': '{name} を葉テンソルとして作ってください: {code}。',
  'nonLeaf.op.text': '{name} が葉テンソル (leaf) ではないため、{name}.grad は {none} です。{name} は {node}{at}が計算したもので、backward はそこを通り抜けて {receiver} に届きます。',
  'nonLeaf.opRetained.text': '{name} は葉テンソル (leaf) ではありません（{node}{at}が計算しました）。{retainGrad} で {name}.grad は埋まりますが、{name} を渡したオプティマイザは {receiver} を更新しません。',
  'nonLeaf.update.text':
    '{name} が葉テンソルではないため、{name}.grad は {none} です。{node}{at}が、autograd の記録をしたまま古い {name} と更新量から新しい {name} を作りました。そのため {name} は演算の結果になり（ステップごとにグラフも伸びます）、勾配は {receiver} に入ります。',
  'nonLeaf.update.fix': 'autograd を止めて {name} をその場で更新し、葉テンソルのままにしてください: {code}。次の backward() の前に勾配を空にします（{gradZero}）。',
  'nonLeaf.op.fixMade': '演算を済ませてから requires_grad を付けて、{name} そのものを葉テンソルにしてください: {code}。',
  'nonLeaf.op.fix': '学習させるテンソルを葉テンソルとして作り（{leafOf}）、そこから {name} を計算してください。この途中のテンソルの勾配が欲しいだけなら、backward の前に {name}.{retainGrad} を呼びます。',
  'retainGradLate.summary': '{name}.grad は {none} です。{retainGrad}{at}は backward() の後に呼ばれました。',
  'retainGradLate.text': '{name}.{retainGrad}{at}は、{name} を通る backward(){backwardAt}の後に呼ばれています。効くのはそれ以降の backward() だけなので、{name}.grad は {none} のままです。',
  'retainGradLate.fix': '{name} を計算した直後、backward() の前に {name}.{retainGrad} を呼んでください。',
  'notInGraph.summary': '{name} に勾配が届きません。出力は {name} から計算されていません。',
  'notInGraph.text': '{name} は勾配を必要としますが、出力は {name} から計算されていないため、{name}.grad は {none} のままです。',
  'notInGraph.computed': '{name}（{node}{at}が計算）は出力の計算に使われていないため、backward は届きません。',
  'notInGraph.fix': '出力が {name} から計算されているか確かめてください。使わないなら params から外します。{recordHint}',
  'requiresGradLate.summary': '{name}.grad は {none} です。{name} が勾配を必要とするようにしたのは、使った後でした。',
  'requiresGradLate.text':
    '{name}.{requiresGradInPlace}{at}は、{name} を使った後に呼ばれています{into}。それより前に {name} から計算したものは {name} への計算グラフを記録していないので、backward は {name} に届かず、{name}.grad は {none} のままです。',
  'requiresGradLate.into': '（定数として {nodes} に入っています）',
  'requiresGradLate.fix': '{name} から何かを計算する前に、勾配を必要とするようにしてください。{requiresGradOption} を付けて作るか、作った直後に {access}.{requiresGradInPlace} を呼びます。',
  'newLeaf.summary.one': '{params} に勾配が届きません。出力は {params} からではなく、ただの値から作った新しいテンソルから計算されています。',
  'newLeaf.summary.other': '{params} に勾配が届きません。出力はそれらからではなく、ただの値から作った新しいテンソルから計算されています。',
  'newLeaf.text.one': '{fn}{at}がただの値から形状 {shape} の新しい葉テンソルを作り、出力は {params} ではなくその葉テンソルから計算されています。backward はそこで止まるため、{params} の .grad は {none} のままです。',
  'newLeaf.text.other': '{fn}{at}がただの値から形状 {shape} の新しい葉テンソルを作り、出力は {params} ではなくその葉テンソルから計算されています。backward はそこで止まるため、{params} の .grad は {none} のままです。',
  'newLeaf.fix': '途中で {item} や {fn} を使わず、テンソルの演算で {params} から出力を計算してください。値から作ったテンソルは、新しい計算グラフの始まりになります。',
  'withoutGrad.into': '（定数として {nodes} に入っています）',
  'withoutGrad.notFloatingFix': '{dtype} のテンソルは勾配を必要とできません。学習させるなら {name} を浮動小数点にしてください（{name}.float()、または作るときに {dtypeOption}）。',
  'madeUnderNoGrad.summary': '{name} に勾配が届きません。{noGrad} の中で作られています。',
  'madeUnderNoGrad.text': '{name} は {noGrad} の中で（{op}{at}によって）作られたため、勾配を必要としません{into}。勾配は届きません。',
  'madeUnderNoGrad.fix': '{name} は {noGrad} の外で作るか、学習させるなら作った後に {access}.{requiresGradInPlace} を呼んでください。',
  'detachResult.summary': '{name} に勾配が届きません。{cut} の結果です。',
  'detachResult.text': '{name} は {cut}{at}の結果なので、勾配を必要としません{into}。{name} にも、元のテンソルにも勾配は届きません。',
  'detachResult.fix': '{cut} した結果ではなく、元のテンソルを使ってください。',
  'frozen.summary.one': '{params} に勾配が届きません。{off}{at}で凍結されています。',
  'frozen.summary.other': '{params} に勾配が届きません。{off}{at}で凍結されています。',
  'frozen.text.one': '{off}{at}が {params} の requires_grad を切ったため、勾配を必要としません{into}。勾配は届きません。',
  'frozen.text.other': '{off}{at}が {params} の requires_grad を切ったため、どれも勾配を必要としません{into}。勾配は届きません。',
  'frozen.fix': '{params} を学習させるなら {off}{at}を消してください（または出力を計算する前に、もう一度 {requiresGradInPlace} を呼びます）。',
  'noGrad.summary': '{name} に勾配が届きません。勾配を必要としないテンソルです。',
  'noGrad.text': '{name} は勾配を必要としません{into}。勾配は届きません。',
  'noGrad.fix': '{requiresGradOption} を付けて作るか、使う前に {access}.{requiresGradInPlace} を呼んでください。',

  // ---- 間違った勾配 --------------------------------------------------------------------------
  'gradAccumulated.summary': '{grads}: {count} 回分の backward() の勾配がたまっています。ステップの間でゼロにしていません。',
  'gradAccumulated.text.one':
    '{params}.grad には、最後の backward(){at}を含め {count} 回分の勾配の合計が入っています。backward() は .grad に足し込み、その間に空にしていないため、各ステップが前のステップの勾配までまとめて使ってしまいます。',
  'gradAccumulated.text.other':
    '{params} の .grad には、最後の backward(){at}を含め {count} 回分の勾配の合計が入っています。backward() は .grad に足し込み、その間に空にしていないため、各ステップが前のステップの勾配までまとめて使ってしまいます。',
  'gradAccumulated.fix': '複数バッチの勾配を意図して合計するのでなければ、各 backward() の前に {zeroGrad} を呼んでください（または .grad を None にします）。',
  'zeroGradient.summary': '{op}{at}の勾配はゼロです。そこを通って意味のある勾配は戻りません。',
  'zeroGradient.text.one': '{op}{at}（{node}）はほとんどどこでも平らなので、勾配はゼロです。{params} の勾配のうち、ここを通る分はすべてゼロになります。',
  'zeroGradient.text.other': '{op}{at}（{node}）はほとんどどこでも平らなので、勾配はゼロです。{params} の勾配のうち、ここを通る分はすべてゼロになります。',
  'zeroGradient.fix': '損失は {op} の前の値から計算してください（丸めは表示のためだけに使います）。階段関数の代わりに sigmoid() のような滑らかな関数を使う方法もあります。',
  'dtypeCopy.named.summary': '{names} は {to} へのコピーを通ってグラフに入ります。',
  'dtypeCopy.named.text': '{names}（{from}）は {to} へのコピー（ToCopyBackward0）{at}を通ってグラフに入ります。勾配は {from} に戻されて届きます。',
  'dtypeCopy.named.fix': '意図したものなら直す必要はありません。コピーなしで計算するなら、{first} を {to} で作ってください。',
  'dtypeCopy.unnamed.summary': '名前のない {from} の葉テンソルが勾配を受け取ります。{to} へのコピーを通って入っています。',
  'dtypeCopy.unnamed.text': '形状 {shape} の名前のない {from} 葉テンソルが、{to} へのコピー（ToCopyBackward0）{at}を通ってグラフに入っています。勾配はこのテンソルに入りますが、params のどれもこれを指していません。',
  'dtypeCopy.unnamed.fix': '学習させる葉テンソルを変数に持って params に渡すか、{dtypeOption} で作ってください。',
  'unknownSources.summary': 'コードの行がわかりません。プログラムがソースマップなしでバンドルされて実行されました。',
  'unknownSources.text': 'これらのテンソルを作ったコードの行はわかりません。プログラムはバンドルされて実行され、そのソースマップが読み込まれていないためです。',
  'unknownSources.fix': 'ソースマップ付きでビルドし、描く前に await loadSourceMaps()（@gradviz/engine から）を呼んでください。Node では --enable-source-maps を付けて実行してください。',

  // ---- explain() -----------------------------------------------------------------------------
  'explain.fix': '直し方: {fix}',
  'explain.arrives': '{name} はこのグラフの葉テンソル (leaf) で、勾配を必要とします。backward で {name}.grad に勾配が入ります。',
  'explain.leafAlone': '{name} は勾配を必要とする葉テンソル (leaf) です。{name} から計算した出力で backward を呼ぶと、{name}.grad に勾配が入ります。',
  'explain.blocked': '{name} は勾配を必要とする葉テンソル (leaf) ですが、backward() が勾配を入れる前にエラーになるため、{name}.grad は {none} のままです。',
  'explain.unknownName': "explain(): '{name}' はこのグラフの params にありません（あるのは {known}）",
  'explain.unknownNameNoParams': "explain(): '{name}' はこのグラフの params にありません（params が一つもありません）",

  // ---- 図: ホバーの詳細とバッジ ----------------------------------------------------------------
  'origin.gone': 'もう存在しないテンソル',
  'origin.aTensor': '{dtype} テンソル',
  'origin.values': '{via} で取り出した値から作った {fn}',
  'origin.valuesOf': '{of} から {via} で取り出した値で作った {fn}',
  'origin.copied': '{of} からコピーした値で作った {fn}',
  'origin.noGrad': '{noGrad} の中の {op}',
  'origin.detach': '{of} の detach()',
  'origin.data': '{of} の .data',
  'origin.dtypeCopy': '{of} のコピー（{from} から {to}）',
  'origin.number': '数値 {value}',
  'detail.dtype': 'dtype',
  'detail.shape': 'shape（形状）',
  'detail.requiresGrad': 'requires_grad',
  'detail.leaf': '葉テンソル (leaf)',
  'detail.params': 'params',
  'detail.gradFn': 'grad_fn',
  'detail.madeBy': '作成元',
  'detail.source': 'ソース',
  'detail.value': '値',
  'detail.node': 'ノード',
  'detail.saved': '保存値 {name}',
  'detail.module': 'モジュール',
  'detail.fullLabel': 'ラベル全体',
  'detail.cutArrows': '切れ目の矢印',
  'detail.cutArrowsDrawn': '値が入った {total} 個の箱のうち {drawn} 個への矢印だけを描画',
  'saved.freedUnread': 'テンソル（読み取る前に backward が解放）',
  'saved.freed': '（解放済み）',
  'saved.modified': '（保存後にインプレースで変更）',
  'badge.notLeaf': '葉テンソルではない',
  'badge.retainGradLate': '{retainGrad} が遅すぎる',
  'badge.gradientHere': '勾配はここに入る',
  'badge.gradientHereUnnamed': '勾配はここに入る（名前なし）',
  'badge.partlyCut': '一部が切れている',
  'badge.savedModified': '保存テンソルが書き換え済み',
  'badge.freed': 'backward() で解放済み',
  'badge.leafMoved': 'もう葉テンソルではない',
  'badge.zeroGradient': '勾配ゼロ',
  'badge.gradientCleared': 'backward 後にゼロ化',
  'badge.accumulated': '勾配がたまっている',
  'badge.dtypeCopy': 'dtype のコピー',
  'badge.noGradFn': '{gradFn} なし',
  'badge.detached': 'detach() で切断',
  'badge.usedUnderNoGrad': '{noGrad} の中で使用',
  'badge.valuesCopied': '値をコピー',
  'badge.noGradient': '{op} に勾配なし',
  'badge.madeUnderNoGrad': '{noGrad} の中で作成',
  'badge.requiresGradFalse': 'requires_grad=False',
  'badge.frozen': '凍結',
  'badge.requiresGradLate': 'requires_grad が遅すぎる',
  'badge.notInGraph': 'グラフにない',
  'badge.newLeaf': '値から作った新しい葉',

  // ---- 対話的なビューア -----------------------------------------------------------------------
  'viewer.search': '箱を検索',
  'viewer.zoomIn': '拡大',
  'viewer.zoomOut': '縮小',
  'viewer.fitLabel': 'グラフ全体を表示',
  'viewer.fit': '全体',
  'viewer.matches.one': '{count} 件',
  'viewer.matches.other': '{count} 件',
  'viewer.matchesFolded': '{matches}（うち {hidden} 件は折りたたみの中）',
  'viewer.diagnostics': '診断',
  'viewer.details': '詳細',
  'viewer.hint': '箱にマウスを重ねると詳細が出ます。クリックすると、出力までの経路や、計算グラフが切れている場所をたどれます。',
  'viewer.foldingHint': '折りたたまれたグループをクリックすると開き、開いたグループのラベルをクリックすると閉じます。',
  'severity.error': 'エラー',
  'severity.warning': '警告',
  'severity.info': '情報',

  // ---- コマンドライン ------------------------------------------------------------------------
  'cli.help': `gradviz: torchviz と同じように autograd の計算グラフを描き、勾配が届かない理由を示します。
Graphviz は不要です。レイアウト、SVG、PNG、HTML はすべてここで作ります。

使い方:
  gradviz render <file> [--out <path>] [options]
  gradviz explain <file> [--param <name>] [--json] [options]
  gradviz --help

<file> は次のどちらかです:
  モジュール（.ts .mts .cts .js .mjs .cjs）。default export はテンソル、テンソルの配列、
    または { outputs, params, options }（描く出力、テンソルの名前（オブジェクト、Map、
    namedParameters()）、makeDot のオプション（showAttrs, showSaved, maxAttrChars,
    rankdir, theme, sourceRoot, lang, gradients））。モジュールはコードなので、gradviz は別のプロセスで
    実行します。モジュールが表示するものは stderr に出て、図には入りません。
  スナップショットの .json。素のスナップショット（エンジンの snapshot() や、他のツールが
    書き出したもの）か、gradviz が書く JSON（makeDot().toJSON()、gradviz render --out x.json）。

コマンド:
  render    グラフを --out に、拡張子が示す形式で描きます:
              .svg        単独の SVG
              .png        SVG の 2 倍の大きさの PNG（フォントは同梱のもの）
              .dot, .gv   torchviz と同じ属性の Graphviz ソース
              .json       スナップショット、グラフ、レイアウト、診断
              .html       1 ファイルで完結する対話的なページ（オフラインで動きます）:
                          移動と拡大縮小、ホバーで詳細、クリックで経路をたどる、検索
            --out がなければ、SVG を標準出力に書きます。
  explain   診断を表示します。名前を付けた各テンソルに勾配が届くか、届かないならその理由と
            直し方です。

オプション:
  -o, --out <path>          render: 書き出すファイル。フォルダーがなければ作ります
      --show-attrs          torchviz の show_attrs: 保存値を各ノードの表に出します
      --show-saved          torchviz の show_saved: 保存テンソルをオレンジの箱で出します
      --max-attr-chars <n>  torchviz の max_attr_chars（既定 50）
      --rankdir <dir>       TB（既定: 葉が上）、BT、LR、RL
      --depth <n>           開いて描くグループ（モジュール呼び出しと、長い列に gradviz が
                            付ける繰り返しや区切り）の深さ。残りはそれぞれ 1 つの箱に
                            折りたたみます。'flat' はすべての箱を torchviz と同じように
                            描きます（既定: 200 箱まで（モジュールがなければ 2,000 箱まで）は
                            flat、それ以上は箱が 150 個ほどに収まる深さ）
      --gradients           流れた勾配の大きさで矢印と葉テンソルを色分けし（backward で
                            記録したスナップショットが必要）、ゼロ、消失、爆発、NaN/Inf
                            の勾配を指摘します
      --param <name>        explain: <name>.grad が埋まるかどうかだけを説明します
      --json                explain: { findings, explanations } を JSON で出力します
                            （プログラム向け。Python パッケージが読みます）
      --lang <en|ja>        診断、図、これらのメッセージの言語
                            （既定: LANG、LC_ALL、LC_MESSAGES、LANGUAGE から。なければ en）
      --timeout <seconds>   モジュールの読み込みとグラフの書き出しに使える時間
                            （既定 {timeout}）
  -h, --help                この説明

コマンドラインのオプションは、モジュール自身のオプションより優先されます。
プロセス内では大きすぎるレイアウトはワーカースレッドで計算し、進み具合を stderr に出します。

終了ステータス: 0 完了、1 ファイルを読めない・描けない・書けない、2 コマンドラインの誤り。

例:
  gradviz render examples/blog-graph.ts --out blog.svg
  gradviz render examples/blog-graph.ts --out blog.html
  gradviz render graph.snapshot.json --out graph.png --rankdir LR --show-saved
  gradviz explain examples/blog-graph.ts --param x --lang ja
`,
  'cli.usage': '{problem}（gradviz --help を参照してください）',
  'cli.unknownOption': "'{option}' というオプションはありません",
  'cli.badCommandLine': '{problem}',
  'cli.maxAttrChars': "--max-attr-chars には整数を指定してください（'{value}' が指定されました）",
  'cli.depth': "--depth には整数（開くグループの深さ）か 'flat' を指定してください（'{value}' が指定されました）",
  'cli.lang': "--lang には {langs} のどれかを指定してください（'{value}' が指定されました）",
  'cli.timeout': "--timeout には 0 より大きく 24 日未満の秒数を指定してください（'{value}' が指定されました）",
  'cli.unknownCommand': "'{command}' というコマンドはありません。'render' か 'explain' を使ってください",
  'cli.needsFile': '{command} にはファイルが必要です: モジュール（.ts, .js）かスナップショットの .json',
  'cli.oneFile': '{command} が受け取るファイルは 1 つです（ほかに {extra} が指定されました）',
  'cli.paramForExplain': '--param は explain 用です。render はすべての params を描きます',
  'cli.jsonForExplain': '--json は explain 用です。render で JSON を書くには --out graph.json を使います',
  'cli.explainNoOut': 'explain は端末に表示するだけで、--out は使えません。ファイルに書くには render を使ってください',
  'cli.noSuchFile': "'{file}' を読めません: ファイルがありません",
  'cli.isFolder': "'{file}' を読めません: フォルダーです。モジュール（.ts, .js）かスナップショットの .json を渡してください",
  'cli.notJson': '{file} は正しい JSON ではありません: {problem}',
  'cli.fileProblem': '{file}: {problem}',
  'cli.snapshotOnly': "ここでは '{file}' を読めません: スナップショットの .json が必要です",
  'cli.notModule': "'{file}' を読めません: モジュール（{extensions}）かスナップショットの .json が必要ですが、{got}が渡されました",
  'cli.fileWithExtension': "'{extension}' のファイル",
  'cli.fileWithoutExtension': '拡張子のないファイル',
  'cli.text': '{text}',
  'cli.layingOut': '{boxes} 個の箱と {arrows} 本の矢印をワーカースレッドでレイアウトしています...',
  'cli.layoutDone': 'レイアウトが終わりました（{seconds} 秒）',
  'cli.fileInTheWay': "'{out}' に書けません: '{file}' はフォルダーではなくファイルです。別の --out を選んでください",
  'cli.cannotMakeFolder': "'{out}' に書けません: フォルダー '{folder}' を作れません: {problem}",
  'cli.cannotWrite': "'{out}' に書けません: {problem}",
  'cli.loadTimeout': '{file} の読み込みが {seconds} 以内に終わりませんでした。トップレベルのコードか、export した Promise がまだ動いています。--timeout <seconds> で時間を延ばせます（loadGraph では timeoutMs）',
  'cli.neverSettled': '{file} は終わりませんでした。トップレベルの await か export した Promise が、何も起きないものを待っています',
  'cli.killedBy': '{signal} で強制終了されました',
  'cli.exitedWith': '終了ステータス {code} で終了しました',
  'cli.endedProcess': '{file} は読み込み中にプロセスを終了させました（{how}）。gradviz が default export を読む前です。gradviz 用のモジュールはグラフを export し、process.exit() は呼びません',
  'cli.cannotStart': '{file} を読み込むプロセスを起動できません: {problem}',
  'cli.optionsNotData': '{file}: default export の options がただのデータではありません: {problem}',
  'cli.failedLoading': '{file} の読み込み中にエラーが起きました: {problem}',
  'cli.exportGetterFailed': '{file}: default export を読むときにエラーが起きました: {problem}',
  'cli.noDefaultExport': '{file} に default export がありません。export default で {expected} を書き出してください',
  'cli.exportIsFunction': '（関数そのものではなく、呼んだ結果を export してください）',
  'cli.badDefaultExport': '{file}: default export が {value}{hint} です。{expected} が必要です',
  'cli.exportUnknownKeys': '{file}: default export に知らないキー {keys} があります。{ outputs, params, options } が必要です',
  'cli.exportBadOptions': '{file}: default export の options は makeDot のオプションのオブジェクトでなければなりません（{value} でした）',
  'cli.failedToLoad': '{file} を読み込めませんでした: {problem}',
  'cli.exportRejected': '{file}: default export の Promise が reject されました: {problem}',
  'cli.findings.one': '{count} 件の指摘',
  'cli.findings.other': '{count} 件の指摘',
  'cli.pytorchSays': 'PyTorch のエラー: {error}',
  'cli.unexpected': '予期しないエラー: {problem}',
  'output.unknownFormat': "'{path}' の拡張子から形式がわかりません。{extensions} のどれかを使ってください",

  // ---- グループ: 折りたたんだ箱と枠 --------------------------------------------------------------
  'group.root': 'グラフ',
  'group.step': 'ステップ {index}',
  'group.stepOf': 'ステップ {index}/{of}',
  'group.partOf': '部分 {index}/{of}',
  'group.params.one': 'パラメータ {count} 個',
  'group.params.other': 'パラメータ {count} 個',
  'group.kind.root': 'グラフ全体',
  'group.kind.module': 'モジュールの呼び出し',
  'group.kind.repeat': '同じブロックの繰り返し（gradviz がまとめたもの）',
  'group.kind.step': '繰り返しの中の 1 ブロック（gradviz がまとめたもの）',
  'group.kind.part': '長い列の一区間（gradviz がまとめたもの）',
  'group.detail.group': 'グループ',
  'group.detail.type': '型',
  'group.detail.call': '呼び出し',
  'group.detail.callOf': '{module} の {of} 回の呼び出しのうち {index} 回目',
  'group.detail.parameters': 'パラメータ',
  'group.detail.boxes': '中の箱',
  'group.detail.in': '入力',
  'group.detail.out': '出力',
  'group.detail.inside': '中',
  'group.inside': '中に: {badge}',
  'group.marksInside': '中に {count} 個の印',

  // ---- HTML ページ ----------------------------------------------------------------------------
  'page.title': 'gradviz: {names}',
  'page.titleMore': 'gradviz: {names} ほか {count} 個の params',
  'page.titleEmpty': 'gradviz のグラフ',
  // ---- 勾配の流れ（makeDot の gradients） ----------------------------------------------------------
  'gradientDead.summary.one': '{params} の勾配はちょうどゼロです。ReLU{at}のユニットがすべて止まっています。',
  'gradientDead.summary.other': '{params} の勾配はちょうどゼロです。ReLU{at}のユニットがすべて止まっています。',
  'gradientDead.text.one':
    'ReLU のノード {node}{at}は勾配を受け取りましたが、何も返していません。すべてのユニット、すべてのサンプルで入力が 0 以下だったため、この層は「死んで」います。{grads} の要素はすべて 0 で、{params} は学習しません。',
  'gradientDead.text.other':
    'ReLU のノード {node}{at}は勾配を受け取りましたが、何も返していません。すべてのユニット、すべてのサンプルで入力が 0 以下だったため、この層は「死んで」います。{grads} の要素はすべて 0 で、{params} は学習しません。',
  'gradientDead.fix':
    'ReLU の入力が 0 より大きくなるようにしてください。大きすぎる負のバイアスをやめる、ReLU 向けの初期化（kaiming_uniform_）を使う、大きな更新で押し下げられたなら学習率を下げる、などです。0 以下でも小さな勾配を通す LeakyReLU や GELU に替える方法もあります。',
  'gradientZero.summary.one': '{params} の勾配はちょうどゼロです。',
  'gradientZero.summary.other': '{params} の勾配はちょうどゼロです。',
  'gradientZero.text.one': 'backward() の後、{grads} の要素はすべて 0 です。この入力に対しては {params} が出力に影響していません（途中にゼロの係数、clamp、止まった活性化関数があります）。',
  'gradientZero.text.other': 'backward() の後、{grads} の要素はすべて 0 です。この入力に対しては {params} が出力に影響していません（途中にゼロの係数、clamp、止まった活性化関数があります）。',
  'gradientZero.fix': 'そこから出力に向かって灰色の破線の矢印をたどり、勾配が止まるところで、ゼロにしている原因を直してください。',
  'gradientCleared.summary.one': 'backward() は {params} に勾配を送りましたが、{grads} はゼロです。backward() の後でゼロにされています。',
  'gradientCleared.summary.other': 'backward() は {params} に勾配を送りましたが、{grads} はゼロです。backward() の後でゼロにされています。',
  'gradientCleared.text.one':
    'backward() は {params} に勾配（ノルム {norm}）を送りましたが、{grads} の要素はすべて 0 です。backward() の後で何かが勾配を消しています。よくあるのは、backward() とオプティマイザの step() の間で {zeroGrad} を呼んでいる場合です。これでは step() で重みが動かず、モデルは学習しません。',
  'gradientCleared.text.other':
    'backward() は {params} に勾配（ノルムは最大 {norm}）を送りましたが、{grads} の要素はすべて 0 です。backward() の後で何かが勾配を消しています。よくあるのは、backward() とオプティマイザの step() の間で {zeroGrad} を呼んでいる場合です。これでは step() で重みが動かず、モデルは学習しません。',
  'gradientCleared.fix': '勾配は backward() の後ではなく前にゼロにしてください: {step}',
  'gradientVanishing.summary.one': '{params} の勾配が消えかけています。ノルムは最大のもの（{largest}）の {share} です。',
  'gradientVanishing.summary.other': '{params} の勾配が消えかけています。最大のもの（{largest}）の {share} まで小さくなっています。',
  'gradientVanishing.text': '出力から逆にたどると、勾配は層ごとに小さくなります。出力から {depth} ノード離れた {worst} の勾配のノルムは {norm} で、{largest} の {largestNorm} と比べてごくわずかです。{cause}勾配がこれほど小さい重みはほとんど変わらないので、これらの層の学習はとても遅いか、まったく進みません。',
  'gradientVanishing.cause': '途中で {activations} を通ります。sigmoid の微分は最大でも 0.25、tanh の微分は最大でも 1（飽和したところではずっと小さい）なので、通るたびに勾配が縮みます。',
  'gradientVanishing.activation.one': '{count} 個の {name} ノード',
  'gradientVanishing.activation.other': '{count} 個の {name} ノード',
  'gradientVanishing.fix':
    '隠れ層の活性化関数を ReLU 系（ReLU、LeakyReLU、GELU）にする、活性化関数に合った初期化を使う（ReLU には kaiming_uniform_、tanh や sigmoid には xavier_uniform_）、正規化（BatchNorm、LayerNorm）を入れる、勾配の近道になる残差接続（x + f(x)）を入れる、といった方法があります。',
  'gradientExploding.summary.one': '{params} の勾配が爆発しています。ノルムは {norm} です。',
  'gradientExploding.summary.other': '{params} の勾配が爆発しています。ノルムは {norm} に達します。',
  'gradientExploding.text': '{worst} の勾配のノルムは {norm} です。{growth}SGD の 1 ステップは各重みを「学習率 × 勾配」だけ動かすので、学習は行き過ぎ、やがて Inf や NaN になります。',
  'gradientExploding.growth': '出力から逆にたどると、勾配は層ごとに大きくなり、出力に近い {from} の {factor} 倍になっています。',
  'gradientExploding.fix':
    '重みの初期値を小さくする（kaiming_uniform_ や xavier_uniform_ は層の大きさに合わせて決めます。std=1 は大きすぎます）、正規化（BatchNorm、LayerNorm）を入れる、学習率を下げる、各ステップの前に勾配のノルムをクリップする（clip_grad_norm_）、といった方法があります。',
  'gradientNonFinite.summary': '{grads} に {bad} が含まれます。勾配が最初に NaN か Inf になったのは {op}{at}です。',
  'gradientNonFinite.summaryUnknown': '{grads} に {bad} が含まれます。',
  'gradientNonFinite.text': 'backward() は有限の勾配で {op}{at}のノード {node} に入り、{born} を持って出てきました。{reason}そこから {params} まで届いたので、この勾配で optimizer を 1 ステップ進めると重みも NaN になります。',
  'gradientNonFinite.textUnknown': 'backward() を始めた時点で勾配はすでに NaN か Inf でした（出力そのものが NaN か Inf です）。それが {params} まで届いています。',
  'gradientNonFinite.reason.log': 'log(x) の微分は 1/x で、log を取った値がそこで 0（以下）だからです。その値は {input}です。',
  'gradientNonFinite.reason.sqrt': 'sqrt(x) の微分は 1/(2·sqrt(x)) で、平方根を取った値がそこで 0（以下）だからです。その値は {input}です。',
  'gradientNonFinite.reason.div': 'a / b の微分は b で割るので、割った値がそこで 0 だからです。その値は {input}です。',
  'gradientNonFinite.reason.pow': 'x ** p の微分は p·x ** (p - 1) で、底が 0 で p < 1 のところでは無限大になるからです。底は {input}です。',
  'gradientNonFinite.reason.other': '渡された値に対して、その微分が有限ではないからです。その値は {input}です。',
  'gradientNonFinite.fix.log': 'log の前で値を 0 から離してください。小さな epsilon を足す（log(p + 1e-8)）、clamp する（clamp(min=1e-8)）、log を安定に計算する関数を使う（softmax の log ではなく log_softmax、確率の log ではなく cross_entropy、sigmoid の log ではなく binary_cross_entropy_with_logits）、といった方法があります。',
  'gradientNonFinite.fix.sqrt': '平方根の前で値を 0 から離してください。小さな epsilon を足す（sqrt(d2 + 1e-12)）か、clamp します（clamp(min=1e-12)）。',
  'gradientNonFinite.fix.div': '割る数を 0 から離してください。小さな epsilon を足す（a / (b + 1e-8)）か、clamp します。',
  'gradientNonFinite.fix.pow': '指数が 1 未満のときは、底を 0 から離してください。小さな epsilon を足す（(x + 1e-8) ** p）か、clamp します。',
  'gradientNonFinite.fix.other': '{node} に渡す値を、微分が有限になる範囲に収めてください。clamp するか、小さな epsilon を足します。',
  'gradientNonFinite.fixUnknown': 'まず出力が NaN か Inf になる理由を探してください。順伝播での 0 の log や 0 での割り算、すでに NaN になった重みなどです。',
  'gradientNonFinite.nan': '{count} 個の NaN',
  'gradientNonFinite.inf': '{count} 個の Inf',
  'gradient.madeBy': '{node}{at}が作ったもの',
  'gradient.normLine': 'grad {norm}',
  'gradient.scaleTitle': '各矢印と各葉テンソルでの勾配のノルム（対数目盛り）',
  'gradient.zero': 'ゼロ',
  'gradient.nonFinite': 'NaN または Inf',
  'gradient.detail': 'ノルム {norm}、最大 |g| {max}、平均 |g| {mean}、{numel} 個中 {zeros} 個がゼロ',
  'gradient.detailNonFinite': '{numel} 個中 {bad}。有限の要素: ノルム {norm}、最大 |g| {max}',
  'detail.gradient': '勾配',
  'detail.updateRatio': '更新量 / 重み',
  'badge.gradientBorn': 'ここで NaN/Inf が発生',
  'badge.gradientNonFinite': '勾配が NaN/Inf',
  'badge.deadRelu': '死んだ ReLU: 全ユニット停止',
  'badge.vanishing': '勾配消失',
  'badge.exploding': '勾配爆発',
  'group.gradient': 'grad {norm}',
  'viewer.gradientFlow': '勾配の流れ',
  'viewer.gradientFlowHint': '各 param の |grad| の平均と最大を、入力側から出力側の順に対数目盛りで示します。行にマウスを乗せると、その箱が分かります。',
  'viewer.meanAbs': '平均 |grad|',
  'viewer.maxAbs': '最大 |grad|',
};
