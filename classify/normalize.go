package classify

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns the text that rules match: the message folded so that
// the spellings collectors use to slip past keyword filters read as the
// plain word.
//
//  1. NFKC: full-width letters, digits and punctuation become ASCII,
//     compatibility characters (①, ㎡, Kangxi radicals) their plain form.
//  2. Lower case.
//  3. Only letters and numbers are kept (Unicode categories L, N and Mc).
//     Spaces, punctuation, symbols, emoji, zero-width and bidi controls and
//     combining marks are dropped, so "逾 期", "逾-期", "逾.期", "催*收" and
//     "通\u200b讯录" read as one word. A dropped run between two ASCII digits
//     becomes one space, so that separate numbers ("验证码:1234, 5分钟")
//     do not run together.
//  4. Traditional characters become simplified ("還" → "还", "通訊錄" →
//     "通讯录"), one character at a time (see traditional).
//  5. One to three ASCII letters inside a key word are dropped ("逾x期" →
//     "逾期", "催ab收" → "催收"; see splitWords).
//  6. The variant spellings in the table below are replaced by the word they
//     stand for ("通迅录" → "通讯录", "yu期" → "逾期"), leftmost and longest
//     first, in one pass over the cleaned text.
//
// Normalize(Normalize(s)) == Normalize(s).
func Normalize(s string) string {
	return replaceVariants(joinSplitWords(simplify(clean(s))))
}

// variants are the filter-dodging spellings Normalize replaces, as they read
// after cleaning (lower case, no spaces or punctuation). Only spellings that
// do not occur in ordinary text belong here: "余期" (as in 剩余期数),
// "愈期" (痊愈期), "渝期" (川渝期间), "崔收" (a surname before 收) and
// ambiguous pinyin initials ("yq", "cs", "ts", "sb") are left out on purpose.
//
// Traditional characters are simplified before this table is read
// (simplify), so it lists simplified spellings only.
var variants = []struct{ from, to string }{
	// 通讯录, the address book: near-homophones, pinyin and the initials
	// "txl" common in forum and collector slang.
	{"通迅录", "通讯录"},
	{"通汛录", "通讯录"},
	{"通信录", "通讯录"},
	{"通训录", "通讯录"},
	{"通讯陆", "通讯录"},
	{"通xun录", "通讯录"},
	{"tongxunlu", "通讯录"},
	{"txl", "通讯录"},
	// 逾期, overdue.
	{"yu期", "逾期"},
	{"逾qi", "逾期"},
	{"yuqi", "逾期"},
	{"逾其", "逾期"},
	// 催收, debt collection.
	{"催shou", "催收"},
	{"cui收", "催收"},
	{"cuishou", "催收"},
	// 欠款 and 还款, debt and repayment.
	{"欠kuan", "欠款"},
	{"qian款", "欠款"},
	{"qiankuan", "欠款"},
	{"还kuan", "还款"},
	{"huan款", "还款"},
	{"huankuan", "还款"},
	{"hai款", "还款"},
	{"haikuan", "还款"},
	// 还钱, pay the money back.
	{"hai钱", "还钱"},
	{"huan钱", "还钱"},
	// 征信, the credit record.
	{"征xin", "征信"},
	{"zheng信", "征信"},
	{"zhengxin", "征信"},
	// 上门, a home visit.
	{"上men", "上门"},
	{"shang门", "上门"},
	{"shangmen", "上门"},
	// 老赖, deadbeat.
	{"老lai", "老赖"},
	{"lao赖", "老赖"},
	{"laolai", "老赖"},
	// 律师函, 起诉, 法院: the legal words of fake lawyer's letters.
	{"律师涵", "律师函"},
	{"qi诉", "起诉"},
	{"起su", "起诉"},
	{"fa院", "法院"},
	{"法yuan", "法院"},
	// 家人, 紧急(联系人), the family and the emergency contact; 我们, 公司,
	// 领导: the words of a threat to tell the employer ("wo们就去你gong司找你
	// lingdao").
	{"jia人", "家人"},
	{"jin急", "紧急"},
	{"紧ji", "紧急"},
	{"jinji", "紧急"},
	{"wo们", "我们"},
	{"gong司", "公司"},
	{"公si", "公司"},
	{"ling导", "领导"},
	{"领dao", "领导"},
	{"lingdao", "领导"},
	// 囗 (U+56D7, the enclosure radical) for 口: it never stands alone in
	// ordinary text.
	{"囗", "口"},
}

// variantIndex lists the variants by their first rune, longest first.
var variantIndex = func() map[rune][]int {
	idx := make(map[rune][]int)
	for i, v := range variants {
		r, _ := utf8.DecodeRuneInString(v.from)
		idx[r] = append(idx[r], i)
	}
	for _, list := range idx {
		// Insertion sort by length, longest first; ties keep table order.
		for i := 1; i < len(list); i++ {
			for j := i; j > 0 && len(variants[list[j]].from) > len(variants[list[j-1]].from); j-- {
				list[j], list[j-1] = list[j-1], list[j]
			}
		}
	}
	return idx
}()

// variantASCII and variantWide say which runes start a variant: a bit per
// ASCII rune, and for other runes a bit per rune modulo 1024 (a hit there is
// confirmed in variantIndex).
var variantASCII, variantWide = func() (ascii [2]uint64, wide [16]uint64) {
	for r := range variantIndex {
		if r < utf8.RuneSelf {
			ascii[r>>6] |= 1 << (r & 63)
		} else {
			h := r & 1023
			wide[h>>6] |= 1 << (h & 63)
		}
	}
	return
}()

// mayStartVariant reports whether a variant could start with r.
func mayStartVariant(r rune) bool {
	if r < utf8.RuneSelf {
		return variantASCII[r>>6]&(1<<(r&63)) != 0
	}
	h := r & 1023
	return variantWide[h>>6]&(1<<(h&63)) != 0
}

// replaceVariants replaces the variants in s, leftmost and longest first.
// It returns s itself when there is none.
func replaceVariants(s string) string {
	var b strings.Builder
	done := 0 // s[:done] is in b
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if mayStartVariant(r) {
			if v, ok := variantAt(s[i:], r); ok {
				if b.Cap() == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[done:i])
				b.WriteString(v.to)
				i += len(v.from)
				done = i
				continue
			}
		}
		i += size
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// variantAt returns the longest variant s starts with; r is its first rune.
func variantAt(s string, r rune) (v struct{ from, to string }, ok bool) {
	for _, i := range variantIndex[r] {
		if strings.HasPrefix(s, variants[i].from) {
			return variants[i], true
		}
	}
	return v, false
}

// traditionalPairs are the traditional characters simplify replaces, each
// followed by its simplified form. They are the characters of Big5 that
// OpenCC's t2s converts to a character of GB2312's first level (the 3755
// common ones) and that GB2312 does not hold itself, plus six of its second
// level that simplified text does not use in their traditional sense (後,
// 徵, 於, 夥, 麽, 捱) and 著, the traditional particle 着 (等著瞧, 拖著):
// simplified text writes 著 only in words no rule holds (著名, 显著).
// Other characters that simplified text also uses (乾, 藉, 瞭) are not in
// the list.
const traditionalPairs = "" +
	"丟丢並并亂乱亞亚佈布佔占併并來来侖仑侶侣侷局係系俠侠俬私倆俩倉仓個个們们倖幸倫伦偉伟側侧偵侦偽伪傑杰傘伞備备傢家傭佣傳传債债傷伤" +
	"傾倾僅仅僑侨僕仆僥侥僱雇價价儀仪億亿儈侩儉俭儘尽償偿優优儲储兇凶兌兑兒儿內内兩两冊册冪幂凈净凍冻凜凛凱凯別别刪删則则剋克剎刹剛刚" +
	"剝剥剮剐創创剷铲劃划劇剧劉刘劊刽劍剑劑剂勁劲動动務务勛勋勝胜勞劳勢势勳勋勵励勸劝勻匀匯汇區区協协卹恤卻却厤历厭厌厲厉參参叢丛吳吴" +
	"吶呐呂吕員员唸念問问啞哑啟启喚唤喪丧喫吃喬乔單单喲哟嗆呛嗎吗嗚呜嘆叹嘔呕嘗尝嘩哗嘯啸噁恶噓嘘噴喷噸吨噹当嚇吓嚐尝嚙啮嚥咽嚨咙嚮向" +
	"嚴严囂嚣囌苏囑嘱囪囱國国圍围園园圓圆圖图團团埰采執执堅坚堯尧報报場场塊块塗涂塢坞塵尘塹堑墊垫墜坠墮堕墳坟墾垦壇坛壓压壘垒壞坏壟垄" +
	"壩坝壯壮壺壶壽寿夠够夢梦夥伙夾夹奧奥奪夺奮奋妝妆姦奸娛娱婁娄婦妇媽妈嬌娇嬰婴嬸婶孃娘孫孙學学孿孪宮宫寀采寢寝實实寧宁審审寫写寬宽" +
	"寵宠寶宝將将專专尋寻對对導导屆届屍尸屜屉屢屡層层屬属岡冈島岛峽峡崑昆崗岗崙仑嶄崭嶺岭嶼屿嶽岳巋岿巒峦巖岩帥帅師师帳帐帶带幀帧幟帜" +
	"幣币幫帮幹干幾几庫库廁厕廂厢廄厩廈厦廕荫廚厨廟庙廠厂廢废廣广廬庐廳厅弔吊張张強强彆别彈弹彌弥彎弯彔录彙汇彥彦彫雕彿佛後后徑径從从" +
	"復复徵征徹彻恆恒恥耻悅悦悶闷悽凄惡恶惱恼愛爱慄栗態态慘惨慚惭慣惯慫怂慮虑慶庆慼戚慾欲憂忧憊惫憐怜憑凭憚惮憤愤憫悯憲宪憶忆懇恳應应" +
	"懞蒙懲惩懶懒懷怀懸悬懼惧懾慑戀恋戰战戲戏戶户拋抛挾挟捨舍捱挨捲卷掃扫掄抡掙挣掛挂採采揀拣揚扬換换揮挥損损搖摇搗捣搶抢摟搂摯挚摳抠" +
	"摻掺撈捞撐撑撓挠撣掸撥拨撫抚撲扑撻挞撾挝撿捡擁拥擄掳擇择擊击擋挡擔担據据擠挤擣捣擬拟擯摈擰拧擱搁擲掷擴扩擺摆擻擞擾扰攆撵攏拢攔拦" +
	"攙搀攜携攝摄攢攒攣挛攤摊攪搅攬揽敗败敘叙敵敌數数斂敛斃毙斬斩斷断於于旂旗昇升時时晉晋晝昼暈晕暢畅暫暂曆历曉晓曏向曠旷曬晒書书會会" +
	"朮术東东枴拐柵栅柺拐桿杆條条棄弃棗枣棟栋棧栈棲栖楊杨楓枫業业極极榦干榮荣構构槍枪槓杠槳桨樁桩樂乐樑梁樓楼標标樞枢樣样樸朴樹树橋桥" +
	"機机橢椭橫横檔档檢检檯台檸柠檻槛櫃柜櫥橱櫻樱欄栏權权欽钦歎叹歐欧歡欢歲岁歷历歸归殘残殭僵殲歼殺杀殼壳毀毁毆殴氈毡氣气氫氢氾泛汎泛" +
	"汙污決决沒没沖冲況况泝溯洩泄洶汹涼凉淒凄淚泪淨净淩凌淪沦淵渊淺浅渙涣減减渦涡測测渾浑湊凑湧涌湯汤準准溝沟溫温溼湿滄沧滅灭滌涤滬沪" +
	"滯滞滲渗滷卤滾滚滿满漁渔漚沤漢汉漣涟漬渍漲涨漸渐漿浆潑泼潔洁潛潜潤润潰溃澀涩澆浇澇涝澗涧澤泽澱淀濁浊濃浓濕湿濘泞濛蒙濟济濤涛濫滥" +
	"濰潍濱滨濺溅濾滤瀉泻瀋沈瀕濒瀝沥瀰弥瀾澜灑洒灕漓灘滩灣湾灤滦災灾為为烏乌烴烃無无煉炼煙烟煥焕煩烦熒荧熱热熾炽燈灯燒烧燙烫營营燦灿" +
	"燬毁燭烛燴烩燻熏燼烬爍烁爐炉爛烂爭争爺爷爾尔牆墙牽牵犢犊犧牺狀状狹狭狽狈猙狰猶犹獃呆獄狱獅狮獎奖獨独獰狞獲获獵猎獸兽獺獭獻献現现" +
	"琱雕琺珐瑣琐瑤瑶瑩莹瑪玛環环瓊琼甕瓮產产甦苏畝亩畢毕畫画異异當当疇畴疊叠痙痉痠酸瘋疯瘍疡瘓痪瘡疮瘧疟療疗癒愈癟瘪癡痴癢痒癥症癬癣" +
	"癰痈癱瘫發发皁皂皚皑皺皱盃杯盜盗盞盏盡尽監监盤盘盧卢盪荡眾众睏困睜睁瞞瞒矇蒙矚瞩矯矫硃朱硯砚碩硕確确碼码磚砖礎础礙碍礦矿礫砾礬矾" +
	"祕秘祿禄禍祸禦御禮礼禱祷禿秃稅税稈秆稜棱種种稱称穀谷積积穎颖穢秽穩稳穫获窩窝窪洼窮穷窯窑窺窥竄窜竅窍竊窃競竞筆笔筍笋箇个箋笺節节" +
	"範范築筑篩筛簍篓簑蓑簡简簽签簾帘籃篮籌筹籠笼籤签籬篱籮箩籲吁粵粤糞粪糧粮糰团糾纠紀纪約约紅红紉纫紋纹納纳紐纽純纯紗纱紙纸級级紛纷" +
	"紡纺紮扎細细紳绅紹绍終终絃弦組组絆绊結结絕绝絛绦絞绞絡络絢绚給给絨绒統统絲丝絹绢綁绑綏绥綑捆經经綜综綠绿綢绸維维綱纲網网綴缀綵彩" +
	"綸纶綻绽綽绰綿绵緊紧緒绪緘缄線线緝缉緞缎締缔緣缘編编緩缓緬缅緯纬練练緻致縛缚縣县縫缝縮缩縱纵縴纤縷缕總总績绩繃绷織织繕缮繞绕繡绣" +
	"繩绳繪绘繫系繭茧繳缴繹绎繼继續续纍累纏缠纓缨纔才纖纤纜缆缽钵罈坛罰罚罵骂罷罢羅罗羨羡義义習习翫玩翹翘聖圣聞闻聯联聰聪聲声聳耸聶聂" +
	"職职聽听聾聋肅肃脅胁脈脉脣唇脩修脫脱脹胀腎肾腦脑腫肿腳脚腸肠膚肤膠胶膩腻膽胆膿脓臉脸臍脐臘腊臟脏臥卧臨临臺台與与興兴舉举舊旧艙舱" +
	"艦舰艱艰艷艳茲兹荊荆莊庄莖茎莢荚華华萊莱萬万葉叶著着葦苇葯药葷荤蒐搜蒼苍蓆席蓋盖蓮莲蔔卜蔘参蔣蒋蔥葱蔭荫蕩荡蕪芜蕭萧薊蓟薑姜薔蔷" +
	"薦荐薩萨藍蓝藝艺藥药藹蔼蘆芦蘇苏蘊蕴蘋苹蘭兰蘿萝處处虛虚虜虏號号虧亏蛻蜕蝕蚀蝦虾蝨虱蝸蜗螞蚂螢萤蟄蛰蟬蝉蟲虫蟻蚁蠅蝇蠍蝎蠟蜡蠱蛊" +
	"蠶蚕蠻蛮衊蔑術术衕同衚胡衛卫衝冲補补裝装裡里製制複复褲裤襖袄襪袜襬摆襯衬襲袭覈核見见規规覓觅視视親亲覺觉覽览觀观觸触訂订訃讣計计" +
	"訊讯討讨訓训訖讫託托記记訛讹訝讶訟讼訣诀訪访設设許许訴诉診诊註注証证詐诈評评詛诅詞词詠咏詢询詣诣試试詩诗詫诧詭诡話话該该詳详誅诛" +
	"誇夸誌志認认誕诞誘诱語语誠诚誡诫誣诬誤误誦诵誨诲說说誰谁課课誹诽誼谊調调諄谆談谈請请諒谅論论諜谍諧谐諮咨諱讳諷讽諸诸諺谚諾诺謀谋" +
	"謂谓謄誊謅诌謊谎謎谜謗谤謙谦講讲謝谢謠谣謬谬謹谨謾谩譁哗證证譏讥識识譚谭譜谱譟噪譭毁譯译議议譴谴護护譽誉讀读變变讒谗讓让讕谰讚赞" +
	"豈岂豎竖豐丰豔艳豬猪貓猫貝贝貞贞負负財财貢贡貧贫貨货販贩貪贪貫贯責责貯贮貳贰貴贵貶贬買买貸贷費费貼贴貿贸賀贺賂赂賃赁賄贿資资賈贾" +
	"賊贼賒赊賓宾賜赐賞赏賠赔賢贤賣卖賤贱賦赋質质賬账賭赌賴赖賺赚購购賽赛贅赘贈赠贊赞贍赡贏赢贓赃贖赎贛赣趕赶趙赵趨趋跡迹踐践踰逾踴踊" +
	"蹟迹蹤踪躊踌躍跃躥蹿軀躯車车軋轧軌轨軍军軒轩軟软軸轴較较載载輓挽輔辅輕轻輛辆輝辉輥辊輩辈輪轮輯辑輸输輻辐輾辗輿舆轄辖轅辕轉转轍辙" +
	"轎轿轟轰辦办辭辞辮辫辯辩農农迴回這这連连週周進进遊游運运過过達达違违遙遥遜逊遞递遠远適适遲迟遷迁選选遺遗遼辽邁迈還还邊边邏逻郵邮" +
	"鄉乡鄒邹鄖郧鄧邓鄭郑鄰邻鄲郸醜丑醞酝醫医醬酱釀酿釁衅釋释釐厘釘钉針针釣钓釦扣釩钒鈅钥鈉钠鈍钝鈔钞鈕钮鈞钧鈣钙鈴铃鈾铀鉀钾鉅巨鉆钻" +
	"鉑铂鉗钳鉚铆鉛铅鉤钩鉸铰鉻铬銀银銅铜銑铣銘铭銜衔銥铱銳锐銷销銻锑鋁铝鋅锌鋇钡鋒锋鋤锄鋪铺鋸锯鋼钢錄录錐锥錘锤錠锭錢钱錦锦錨锚錫锡" +
	"錯错錳锰錶表鍊炼鍋锅鍍镀鍘铡鍛锻鍬锹鍵键鍺锗鍼针鍾钟鎂镁鎊镑鎌镰鎖锁鎚锤鎢钨鎬镐鎮镇鎳镍鏇旋鏈链鏟铲鏡镜鏽锈鐐镣鐘钟鐮镰鐳镭鐵铁" +
	"鑄铸鑑鉴鑒鉴鑰钥鑲镶鑷镊鑼锣鑽钻鑿凿長长門门閃闪閉闭開开閏闰閑闲閒闲間间閘闸閡阂閣阁閤合閥阀閨闺閩闽閱阅閹阉閻阎闆板闇暗闊阔闌阑" +
	"闖闯關关闡阐闢辟陝陕陞升陣阵陰阴陳陈陸陆陽阳隊队階阶隕陨際际隨随險险隱隐隴陇隸隶隻只雖虽雙双雛雏雜杂雞鸡離离難难雲云電电霑沾霧雾" +
	"靈灵靜静鞏巩鞦秋韆千韋韦韌韧韓韩韻韵響响頁页頂顶頃顷項项順顺須须頌颂預预頑顽頒颁頓顿頗颇領领頤颐頭头頰颊頸颈頹颓頻频顆颗題题額额" +
	"顏颜願愿顛颠類类顧顾顫颤顯显顱颅顴颧風风颱台颳刮飄飘飛飞飢饥飯饭飲饮飼饲飽饱飾饰餃饺餅饼養养餌饵餒馁餓饿餘余餞饯餡馅館馆餬糊餵喂" +
	"餾馏饅馒饋馈饑饥饒饶饞馋馬马馭驭馮冯馱驮馳驰馴驯駁驳駐驻駒驹駕驾駛驶駝驼駭骇駱骆駿骏騁骋騎骑騙骗騰腾騷骚騾骡驅驱驕骄驗验驚惊驟骤" +
	"驢驴骯肮髒脏體体髮发鬆松鬍胡鬚须鬥斗鬧闹鬨哄鬱郁魚鱼魯鲁鮑鲍鮮鲜鯉鲤鯨鲸鰓鳃鱉鳖鱗鳞鳥鸟鳳凤鳴鸣鴉鸦鴕鸵鴛鸳鴦鸯鴨鸭鴻鸿鴿鸽鵑鹃" +
	"鵝鹅鵬鹏鵰雕鵲鹊鶴鹤鷗鸥鷹鹰鹵卤鹹咸鹼碱鹽盐麗丽麥麦麵面麼么麽么黃黄點点黨党黴霉鼕冬齊齐齋斋齒齿齡龄齣出齧啮齲龋龍龙龐庞龔龚龜龟"

// traditional maps the traditional characters of traditionalPairs to their
// simplified forms; traditionalSet has a bit for each of them (all are in
// the BMP).
var traditional, traditionalSet = func() (map[rune]rune, *[0x10000 / 64]uint64) {
	m := make(map[rune]rune, utf8.RuneCountInString(traditionalPairs)/2)
	var set [0x10000 / 64]uint64
	rs := []rune(traditionalPairs)
	for i := 0; i+1 < len(rs); i += 2 {
		m[rs[i]] = rs[i+1]
		set[rs[i]>>6] |= 1 << (rs[i] & 63)
	}
	return m, &set
}()

// isTraditional reports whether simplify replaces r.
func isTraditional(r rune) bool {
	return r < 0x10000 && traditionalSet[r>>6]&(1<<(r&63)) != 0
}

// simplify replaces the traditional characters of s with their simplified
// forms ("通訊錄" → "通讯录", "還款" → "还款"). It returns s itself when
// there is none.
func simplify(s string) string {
	i := indexTraditional(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if isTraditional(r) {
			r = traditional[r]
		}
		b.WriteRune(r)
	}
	return b.String()
}

// indexTraditional returns the index of the first traditional character in
// s, which is valid UTF-8, or -1. All of them are three bytes long in UTF-8
// (U+4E00 to U+9FFF): the others are skipped without decoding.
func indexTraditional(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c < 0xe0:
			i++
			if c >= 0xc0 {
				i++
			}
		case c < 0xf0:
			if c >= 0xe4 && c <= 0xe9 && i+2 < len(s) {
				r := rune(c&0x0f)<<12 | rune(s[i+1]&0x3f)<<6 | rune(s[i+2]&0x3f)
				if isTraditional(r) {
					return i
				}
			}
			i += 3
		default:
			i += 4
		}
	}
	return -1
}

// splitWords are the two-character pieces of the key words of collection
// texts (逾期, 催收, 通讯录, 欠款, 还款, 老赖 ...): joinSplitWords drops one
// to three ASCII letters written between the two characters of a piece
// ("逾x期", "通a讯b录"). Ordinary text never puts letters there. No piece
// starts with a character that a variant's target ends with, or ends with one
// that a target starts with, so that the variants cannot form a new piece.
var splitWords = [][2]rune{
	{'逾', '期'}, {'催', '收'}, {'通', '讯'}, {'讯', '录'}, {'欠', '款'}, {'欠', '钱'},
	{'欠', '债'}, {'还', '款'}, {'还', '钱'}, {'老', '赖'}, {'征', '信'}, {'上', '门'},
	{'起', '诉'}, {'法', '院'}, {'律', '师'}, {'紧', '急'}, {'网', '贷'}, {'借', '款'},
	{'贷', '款'},
}

// maxSplit is the most letters joinSplitWords drops between two characters.
const maxSplit = 3

// joinSplitWords drops the ASCII letters that split a key word (see
// splitWords). It returns s itself when there are none.
func joinSplitWords(s string) string {
	var b strings.Builder
	done := 0 // s[:done] is in b
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 'a' || c > 'z' {
			continue
		}
		j := i + 1
		for j < len(s) && s[j] >= 'a' && s[j] <= 'z' {
			j++
		}
		if j-i <= maxSplit && i > 0 && j < len(s) {
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			next, _ := utf8.DecodeRuneInString(s[j:])
			if isSplitWord(prev, next) {
				if b.Cap() == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[done:i])
				done = j
			}
		}
		i = j - 1
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// isSplitWord reports whether a and b are the two characters of a piece of
// splitWords.
func isSplitWord(a, b rune) bool {
	if a < 0x4e00 {
		return false
	}
	for _, w := range splitWords {
		if w[0] == a && w[1] == b {
			return true
		}
	}
	return false
}

// clean does steps 1-3 of Normalize. Most messages hold only ASCII, CJK
// ideographs, full-width forms and punctuation, which NFKC leaves alone or
// maps one rune at a time: clean handles those itself, and runs the NFKC
// algorithm only on a message that holds some other rune.
func clean(s string) string {
	if out, ok := cleanFast(s); ok {
		return out
	}
	return cleanSlow(s)
}

// cleanSlow is clean by the definition: NFKC, then the filter.
func cleanSlow(s string) string {
	out := cleanRunes(nfkc(s))
	// Dropping a rune can bring together two that NFKC composes (Hangul
	// jamo around a space): normalize again until nothing changes, so that
	// Normalize stays idempotent.
	for range 4 {
		if norm.NFKC.IsNormalString(out) {
			break
		}
		out = cleanRunes(norm.NFKC.String(out))
	}
	return out
}

// nfkc returns s in NFKC form, invalid UTF-8 replaced by U+FFFD first (the
// norm package leaves the text after an invalid byte unnormalized).
func nfkc(s string) string {
	return norm.NFKC.String(strings.ToValidUTF8(s, "\uFFFD"))
}

// Rune classes of runeClasses.
const (
	classNFKC  = iota // NFKC may change the rune or its neighbours
	classDrop         // not a letter or number: dropped
	classKeep         // kept as is
	classLower        // kept, lower-cased
)

// runeClasses classifies the BMP for cleanFast. A rune has a class other
// than classNFKC only when NFKC leaves it unchanged whatever surrounds it
// (a normalization boundary before and after it), or maps it the way
// cleanFast does (full-width ASCII, spaces).
var runeClasses = sync.OnceValue(func() *[0x10000]uint8 {
	var t [0x10000]uint8
	var buf [utf8.UTFMax]byte
	for r := rune(0); r < 0x10000; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		b := utf8.AppendRune(buf[:0], r)
		p := norm.NFKC.Properties(b)
		stable := p.BoundaryBefore() && p.BoundaryAfter()
		switch {
		case r < utf8.RuneSelf, r >= 0xff01 && r <= 0xff5e:
			// Handled before the table is read.
		case unicode.IsSpace(r) && stable:
			t[r] = classDrop
		case !stable || p.Decomposition() != nil || !norm.NFKC.IsNormal(b):
			t[r] = classNFKC
		case keepRune(r):
			if unicode.ToLower(r) != r {
				t[r] = classLower
			} else {
				t[r] = classKeep
			}
		default:
			t[r] = classDrop
		}
	}
	return &t
})

// keepRune reports whether clean keeps r, once NFKC has been applied.
func keepRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mc, r)
}

// cleanFast cleans s without the NFKC algorithm, and reports false when s
// holds a rune that needs it.
func cleanFast(s string) (string, bool) {
	classes := runeClasses()
	var b strings.Builder
	b.Grow(len(s))
	prevDigit := false // the last rune kept is an ASCII digit
	dropped := false   // a rune was dropped since the last one kept
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			if r >= 0xff01 && r <= 0xff5e {
				r -= 0xff01 - '!' // full-width ASCII
			}
		}
		i += size
		if r < utf8.RuneSelf {
			writeASCII(&b, byte(r), &prevDigit, &dropped)
			continue
		}
		if r >= 0x10000 || (r == utf8.RuneError && size == 1) {
			return "", false
		}
		switch classes[r] {
		case classNFKC:
			return "", false
		case classDrop:
			dropped = true
			continue
		case classKeep:
			b.WriteRune(r)
		case classLower:
			b.WriteRune(unicode.ToLower(r))
		}
		prevDigit, dropped = false, false
	}
	return b.String(), true
}

// writeASCII writes an ASCII rune of the text being cleaned: letters in
// lower case, digits (with a space between two numbers the text separated);
// it drops the rest.
func writeASCII(b *strings.Builder, c byte, prevDigit, dropped *bool) {
	switch {
	case c >= 'a' && c <= 'z':
		b.WriteByte(c)
		*prevDigit = false
	case c >= 'A' && c <= 'Z':
		b.WriteByte(c + 'a' - 'A')
		*prevDigit = false
	case c >= '0' && c <= '9':
		if *prevDigit && *dropped {
			b.WriteByte(' ')
		}
		b.WriteByte(c)
		*prevDigit = true
	default:
		*dropped = true
		return
	}
	*dropped = false
}

// cleanRunes cleans s, which is in NFKC form.
func cleanRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	prevDigit, dropped := false, false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case r < utf8.RuneSelf:
			writeASCII(&b, byte(r), &prevDigit, &dropped)
			continue
		case keepRune(r):
			b.WriteRune(unicode.ToLower(r))
			prevDigit, dropped = false, false
		default:
			dropped = true
		}
	}
	return b.String()
}

// fold is the text that "raw:" patterns match: NFKC, lower case, without
// control and format characters (zero-width, bidi), runs of white space as
// one space. Punctuation stays, so that links and addresses keep their shape.
func fold(s string) string {
	if out, ok := foldFast(s); ok {
		return out
	}
	return foldRunes(nfkc(s))
}

// foldFast folds s without the NFKC algorithm, and reports false when s
// holds a rune that needs it (see runeClasses).
func foldFast(s string) (string, bool) {
	classes := runeClasses()
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			if r >= 0xff01 && r <= 0xff5e {
				r -= 0xff01 - '!'
			}
		}
		i += size
		switch {
		case r < utf8.RuneSelf:
		case r >= 0x10000 || r == utf8.RuneError && size == 1:
			return "", false
		case classes[r] == classNFKC:
			return "", false
		case classes[r] == classLower:
			r = unicode.ToLower(r)
		}
		space = foldRune(&b, r, space)
	}
	return b.String(), true
}

// foldRunes folds s, which is in NFKC form.
func foldRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r >= utf8.RuneSelf {
			r = unicode.ToLower(r)
		}
		space = foldRune(&b, r, space)
	}
	return b.String()
}

// foldRune writes r, which follows white space if space, and reports
// whether white space is pending.
func foldRune(b *strings.Builder, r rune, space bool) bool {
	switch {
	case r >= 'A' && r <= 'Z':
		r += 'a' - 'A'
	case unicode.IsSpace(r):
		return true
	case r < ' ' || r == 0x7f || r == utf8.RuneError || r >= utf8.RuneSelf && (unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Cc, r)):
		return space
	}
	if space && b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteRune(r)
	return false
}
