package synth

// Text tables for the synthetic case. Placeholders in braces are filled by
// vars.fill: {name} the owner's full name, {given} the given name, {platform}
// the lending platform, {owed} the amount owed today, {days} days overdue,
// {due} the due date, {child} 儿子 or 女儿, {ta} 他 or 她, and others named
// where they are used. Everything here is invented.

// Names.
var (
	surnames    = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"}
	maleGiven   = []string{"伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "鹏", "浩", "宇", "凯", "俊", "帅", "晨", "博", "文", "斌", "志", "刚", "飞", "鑫"}
	femaleGiven = []string{"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "婷", "雪", "慧", "琳", "颖", "倩", "玲", "萍", "洁", "悦", "欣", "佳", "怡", "梦", "雨", "晴"}
	englishName = []string{"Kevin", "Tony", "Jason", "Lily", "Coco", "Vivian", "Leo", "Amy"}
	// otherContacts are address-book entries of the owner that rarely or
	// never show up in the traffic.
	otherContacts = []string{"驾校李教练", "大学室友", "楼下修车", "小区物业", "健身房前台", "表哥", "二姨", "高中同桌", "搬家师傅", "理发店Tony", "中介小刘"}
	// motherRelatives are people on the mother's phone.
	motherRelatives = []string{"二姐", "他舅", "邻居张姐", "村口小卖部", "表妹", "老同学秀英"}
)

// Platform names are built from three parts so that seeds differ.
var (
	platformHead = []string{"速", "闪", "满", "星", "随", "鲸", "橙", "柚", "麦", "云", "青", "蜂", "盈", "畅"}
	platformMid  = []string{"借", "贷", "花", "钱", "用"}
	platformTail = []string{"花", "宝", "袋", "侠", "管家", "分期", "到家", "无忧"}
	// Other brands appear in advertising only.
	adLenders  = []string{"金豆借", "好易花", "钱多多借款", "极速备用金", "闪电周转"}
	reliefOrgs = []string{"安心法务", "债务优化中心", "停催协商服务", "信和债务咨询"}
	firmWords  = []string{"诚", "信", "正", "衡", "中", "汇", "德", "明", "盛", "安", "立", "远"}
)

// Places: the owner works in a big city, the mother lives in the hometown.
type place struct {
	name      string
	area      string // fixed-line area code with its leading 0
	abbr      string // province abbreviation used in court case numbers
	districts []string
}

var (
	workCities = []place{
		{"深圳", "0755", "粤", []string{"南山", "福田", "宝安", "龙岗"}},
		{"广州", "020", "粤", []string{"天河", "海珠", "白云", "番禺"}},
		{"杭州", "0571", "浙", []string{"西湖", "滨江", "余杭", "拱墅"}},
		{"成都", "028", "川", []string{"武侯", "锦江", "成华", "金牛"}},
		{"武汉", "027", "鄂", []string{"洪山", "江汉", "武昌", "汉阳"}},
	}
	hometowns = []place{
		{"信阳", "0376", "豫", []string{"浉河", "平桥"}},
		{"衡阳", "0734", "湘", []string{"雁峰", "蒸湘"}},
		{"赣州", "0797", "赣", []string{"章贡", "南康"}},
		{"南充", "0817", "川", []string{"顺庆", "高坪"}},
		{"阜阳", "0558", "皖", []string{"颍州", "颍东"}},
		{"周口", "0394", "豫", []string{"川汇", "淮阳"}},
	}
)

// Mobile number prefixes. Ordinary people get ordinary prefixes; the
// virtual (MVNO) prefixes are used by collectors and privacy numbers.
var (
	ordinaryPrefixes = []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199"}
	virtualPrefixes  = []string{"170", "171", "162", "165", "167"}
	gatewayPrefixes  = []string{"10690", "10691", "10692", "10693", "106575", "106550", "106980", "1069"}
)

// Verification-code senders: brand and the text; {code} is six digits.
type codeSender struct{ brand, text string }

var codeSenders = []codeSender{
	{"淘宝", "【淘宝网】验证码{code}，您正在登录，若非本人操作，请勿泄露。"},
	{"支付宝", "【支付宝】验证码：{code}，您正在进行身份验证，打死不要告诉别人哦！"},
	{"美团", "【美团】{code}（登录验证码，请完成验证），如非本人操作，请忽略本短信。"},
	{"京东", "【京东】验证码：{code}，您正在登录京东账户，切勿告知他人。"},
	{"滴滴", "【滴滴出行】验证码{code}，用于登录，5分钟内有效。"},
	{"拼多多", "【拼多多】您的验证码是{code}，5分钟内有效，请勿泄露。"},
	{"抖音", "【抖音】验证码{code}，用于手机登录，5分钟内有效。验证码提供给他人可能导致账号被盗，请勿泄露，谨防被骗。"},
}

// railCode is sent from the short number 12306.
const railCode = "【铁路客服】验证码：{code}，您正在使用短信验证码登录功能，该验证码仅用于身份验证，请勿泄露给他人使用。"

// Bank notices. ICBC signs at the end, CCB at the start.
var (
	icbcSpend = []string{
		"您尾号{tail}卡{md}{hm}快捷支付支出(财付通-微信支付-{shop}){amt}元，余额{bal}元。【工商银行】",
		"您尾号{tail}卡{md}{hm}网上支付支出(支付宝-{shop}){amt}元，余额{bal}元。【工商银行】",
		"您尾号{tail}卡{md}{hm}消费支出(POS){amt}元，余额{bal}元。【工商银行】",
	}
	icbcSalary   = "您尾号{tail}卡{md}{hm}工资收入(代发工资){amt}元，余额{bal}元。【工商银行】"
	icbcTransIn  = "您尾号{tail}卡{md}{hm}他行汇入收入({from}){amt}元，余额{bal}元。【工商银行】"
	icbcTransOut = "您尾号{tail}卡{md}{hm}转账支出(手机银行){amt}元，余额{bal}元。【工商银行】"
	ccbBill      = "【建设银行】您尾号{cc}的信用卡本期账单金额{amt}元，最低还款额{min}元，到期还款日{date}。请按时还款。"
	ccbSpend     = "【建设银行】您尾号{cc}的龙卡信用卡{md}{hm}消费{amt}元，可用额度{avail}元。"
	abcPension   = "【中国农业银行】您尾号{tail}账户{md}{hm}完成代付交易人民币{amt}，余额{bal}。"
	abcSpend     = "【中国农业银行】您尾号{tail}账户{md}{hm}完成支付宝交易人民币-{amt}，余额{bal}。"
	shops        = []string{"美团", "京东", "罗森", "7-ELEVEn", "瑞幸咖啡", "华润万家", "盒马", "滴滴出行", "饿了么", "麦当劳"}
)

// Carrier and public-service notices.
var (
	carrierBill    = "【中国移动】尊敬的客户，您好！您{month}月消费{amt}元，截至{md}账户余额{bal}元。详情可登录中国移动APP查询。"
	carrierData    = "【中国移动】尊敬的客户，截至{md}{hm}，您本月套餐内通用流量已使用80%，剩余{left}GB。"
	antiFraudAlert = "【12381】国家反诈中心提醒：您可能正在遭遇冒充“公检法”诈骗，请勿转账汇款，如有疑问请拨打96110咨询。"
)

// Deliveries.
var (
	stationTexts = []string{
		"【菜鸟驿站】您的{carrier}包裹已到{station}，请凭{pick}取件。",
		"【菜鸟驿站】取件码{pick}，您的{carrier}包裹已在{station}代收，请及时取件，如有疑问请联系驿站。",
		"【丰巢】您的{carrier}快递已存入{station}丰巢柜，取件码{pick}，请于24小时内取件。",
	}
	couriers     = []string{"中通", "圆通", "韵达", "申通", "极兔", "顺丰", "京东"}
	stations     = []string{"小区南门驿站", "3栋1楼驿站", "公司楼下菜鸟驿站", "东门快递超市"}
	courierTexts = []string{
		"你好，{carrier}快递，你的件放门卫室了",
		"您好，快递到了，家里有人吗？没人的话我放驿站了",
		"你的快递放在小区门口丰巢柜了，记得取",
		"下午送不了了，明天上午给您送过去",
	}
)

// Advertising from 106 gateways (spam). Loan ads run before the loan,
// debt-relief ads after the harassment starts.
var (
	marketing = []string{
		"【京东】年货节来啦！满199减30，爆款低至5折，戳 3.cn/a{path} 回T退订",
		"【唯品会】您的专属优惠券已到账，全场2折起，速抢 vip.com 回T退订",
		"【瑞幸咖啡】9.9元喝大师咖啡，今日限定！点击 lkcf.cn/{path} 回T退订",
		"【肯德基】疯狂星期四 & 会员日双重优惠，全家桶立减20元！回T退订",
		"【链家】您关注的小区有新上房源，单价<4万，点击查看 lj.cn/{path} 回T退订",
		"【乐动健身】新店开业，办年卡送私教课3节，详询门店。回T退订",
		"【拼多多】您有一个“百亿补贴”红包即将过期，点击领取 pdd.cn/{path} 回T退订",
		"【中国联通】“冰激凌套餐”限时5折，月享100G流量，回复KT办理。回T退订",
		"【饿了么】超级吃货卡限时3元，立省20元！戳 u.ele.me/{path} 拒收请回复R",
	}
	loanAds = []string{
		"【{lender}】您有一笔{amt}元备用金待领取，最快3分钟到账，不查征信！戳 {url} 回T退订",
		"【{lender}】尊敬的用户，您的借款额度已提升至{amt}元，日息低至0.02%，点击 {url} 立即提现，回T退订",
		"【{lender}】急用钱？凭身份证最高可借{amt}元，审核快，秒到账。回T退订",
	}
	reliefAds = []string{
		"【{org}】网贷逾期被爆通讯录？专业团队协商停催、延期分期、减免罚息，详询400热线。回T退订",
		"【{org}】逾期不用怕，依法协商只还本金，停止一切催收骚扰，添加客服微信了解。回T退订",
		"【{org}】征信修复、网贷协商还款，一对一服务，不成功不收费！回T退订",
	}
	reliefMobile = []string{
		"您好，看到您有网贷逾期的困扰，我们可以帮您合法协商停催、延期还款，需要的话回个1。",
		"网贷逾期了？被催收骚扰？我们专业处理，协商成功后再收费，V信：{wx}",
	}
)

// Scam texts (fraud) impersonate the police, a platform's customer service
// or a courier and carry phishing links.
var scams = []string{
	"【京东金融】尊敬的用户，您的京东金条学生账户未注销，根据监管要求需立即关闭，否则将影响个人征信，详询 http://jdjr-kf.cc/{path}",
	"【ETC服务】您的ETC卡已失效，为避免影响您的正常通行，请及时登录 http://etc-rz.top/{path} 认证。",
	"您好，我是{city}市公安局民警，您的身份证涉嫌一起洗钱案件，请今日内联系我们配合调查，否则将依法冻结您名下银行卡。",
	"【医保局】您的医保卡将于今日停用，请点击 http://ybj-gov.cn.vip/{path} 重新激活。",
	"亲，您在我店购买的商品因质量问题被召回，我们将为您办理三倍退款，请加客服QQ：{qq}",
	"【顺丰速运】您的快件因地址不详无法派送，请点击 https://sf-expres.cc/{path} 更新地址，逾期将退回。",
	"【客服中心】您的抖音百万保障服务即将自动扣费800元/月，如需取消请回电客服处理。",
}

// motherScams target the mother; the first poses as her child.
var motherScams = []string{
	"妈，我是{given}，我手机掉水里了，这是我新号码，先别告诉别人，有急事找你。",
	"【社保局】您的社保卡已到期，请点击 http://sb-gov.icu/{path} 办理延期，逾期将停止发放养老金。",
	"【健康养生】老年人免费领取进口保健品，仅限今天，回电预约领取。",
}

// Platform notices from the platform's own SMS gateway (service).
var (
	platformRegister  = "【{platform}】您的验证码为{code}，您正在注册{platform}账户，请勿泄露。"
	platformApproved  = "【{platform}】恭喜您，您的借款申请已审核通过，借款金额{principal}元，请登录APP确认提现。"
	platformLent      = "【{platform}】您的借款已放款，金额{principal}元已转入您尾号{tail}的银行卡，应还金额{total}元，还款日{due}，请按时还款，保持良好信用。"
	platformReminders = []string{
		"【{platform}】温馨提示：您的借款{total}元将于{due}到期，请于到期日前确保尾号{tail}银行卡余额充足。",
		"【{platform}】您的借款明天到期，应还{total}元，请提前准备还款，避免逾期影响信用。",
		"【{platform}】您的借款今日到期，应还{total}元，请于今日23:59前完成还款，逾期将产生罚息并上报信用记录。",
	}
	platformOverdue = []string{
		"【{platform}】您的借款已逾期{days}天，当前应还{owed}元，请尽快登录APP还款，以免影响您的信用。",
		"【{platform}】您的借款已逾期，逾期费用每日递增，当前应还{owed}元，请立即还款。",
	}
	// collectionGateway texts come from the platform's post-loan gateway:
	// collection, not service.
	collectionGateway = []string{
		"【{platform}】您的借款已逾期{days}天，已转交贷后部门处理，我司将依规联系您的紧急联系人核实情况，请于今日18:00前处理。",
		"【{platform}】{name}，您的欠款{owed}元已进入委外催收流程，外访人员将前往您的居住地及单位核实，请立即还款。",
	}
)

// Collection texts, by stage. Several numbers of one team send the same
// template on a day, varied by vary().
var (
	collectRemind = []string{
		"{name}，你在{platform}的借款已逾期{days}天，欠款{owed}元，请今天之内处理，收到回复。",
		"{given}你好，我是{platform}贷后专员，你的账单已逾期，今天务必处理，别让我们走下一步流程。",
		"尊敬的{name}，您在{platform}的借款已逾期，请尽快还款，逾期会持续产生罚息。",
		"你的欠款{owed}元今天必须结清，看到短信马上回电。",
		"{name}，电话不接短信不回，是打算不还了吗？今天下午五点前给个答复。",
	}
	collectThreat = []string{
		"{name}，再不还款就上门了！我们已经查到你的住址，明天安排同事上门走访。",
		"限你今天18点前还款，否则我们将通知你单位{company}的领导和同事。",
		"你再不处理，我们将把你的逾期信息提交法务部起诉，到时候冻结银行卡、上征信，后果自负！",
		"最后通牒：今天不处理，明天直接上门，到你单位和老家核实情况。",
		"别以为不接电话就没事，你躲得了初一躲不了十五。",
		"{name}，{owed}元都不还，等着被起诉吧，法院判下来你连高铁都坐不了。",
	}
	collectExposeThreat = []string{
		"{name}，你今天再不还款，我们就联系你的紧急联系人和通讯录好友，让他们都知道你借钱不还。",
		"你的通讯录我们都有，今天18点前不处理，全部发一遍<借款逾期告知函>，别说没提醒你。",
		"再不回电话，就给你{mom}和你同事打电话了，你自己想清楚。",
		"通讯录里{n}个联系人已经整理好了，你不要面子我们就帮你宣传宣传。",
	}
	collectExposed = []string{
		"已通知你的紧急联系人和通讯录好友，如果还不处理，下一步联系你的单位。",
		"你{mom}已经接到我们的电话了，你自己看着办吧。",
		"你的通讯录已经全部曝光了，你的亲戚朋友同事都知道你欠钱不还了。",
		"今天已经给你通讯录里的{n}个人打过电话了，明天继续，直到你还款为止。",
		"你单位{company}的同事我们也联系了，还要继续丢人吗？",
	}
	collectInsult = []string{
		"{name}你个老赖，借钱不还还有脸躲？",
		"老赖！欠钱不还，全家跟着你丢人。",
		"\"老赖\"{name}，借钱的时候怎么不说没钱？",
		"真是个无赖，{owed}块钱都拖，你还要不要脸了？",
	}
	collectImperson = []string{
		"【{firm}律师事务所】律师函：{name}（身份证号{idmask}），您在{platform}平台的借款已严重逾期，本所受委托将于三日内向{court}提起诉讼，请于今日内联系处理。",
		"法院传票\n当事人：{name}\n身份证号：{idmask}\n案由：借款合同纠纷\n案号：{caseNo}\n请于收到本通知后3日内与承办人联系，逾期将缺席判决并强制执行。",
		"我是{court}的工作人员，你的借款纠纷案件已进入执行程序，请马上回电，否则将列入失信被执行人名单。",
		"{city}市公安局经侦大队提醒：你恶意拖欠借款，已被列入征信黑名单，请立即还款。",
	}
	collectVisit = []string{
		"我们的外访人员已经到你{city}的住址附近了，今天下午上门。",
		"明天上午到你户籍所在地村委会张贴催收公告，让乡亲们都看看。",
		"你单位地址我们已经核实，明天上午十点派人到{company}前台找你。",
	}
	// collectMother is sent to the mother's phone after the leak.
	collectMother = []string{
		"您好，您的{child}{name}在{platform}借款逾期{days}天未还，请您督促{ta}尽快还款，否则后果自负。",
		"阿姨您好，{given}欠我们公司钱一直不还，电话也不接，麻烦您转告{ta}今天必须处理。",
		"你{child}是老赖，欠钱不还，你们做父母的也不管管？",
		"通知：{name}借款逾期，您是其紧急联系人，请通知其立即还款，逾期将上门处理。",
		"再不还，我们就上门到你们家了，让你们村里人都知道{ta}借钱不还。",
	}
	// noticeLetter is the text of the group MMS sent to the contacts list.
	noticeLetter = "借款逾期告知函\n{name}（身份证号{idmask}）在{platform}平台借款{owed}元，逾期{days}天拒不还款。您是其通讯录联系人，请转告其尽快处理，否则我方将依法追究其责任。"
	noticeImage  = "催收函\n{name}，您在{platform}的借款逾期{days}天，请立即处理！"
)

// Tails and prefixes collectors add to a template.
var (
	variantTails = []string{"收到请回复", "【{platform}】", "——贷后管理部", "速回电", " 回复1表示收到"}
	variantHeads = []string{"📢", "⚠️", "通知：", "【重要】", "❗"}
	// dodgeWords get spaces inserted to get past spam filters.
	dodgeWords = []string{"逾期", "通讯录", "催收", "起诉", "还款", "欠款", "借款", "律师函", "上门", "紧急联系人", "老赖", "法院"}
)

// Owner's replies.
var (
	ownerToCollector = []string{
		"我这个月工资发了就还，别再打我家里人电话了。",
		"能不能协商分期？我现在真的没钱。",
		"你们再骚扰我家人我就报警了。",
		"已经在凑钱了，给我几天时间。",
		"利息这么高是违法的，我只还本金。",
		"我已经向12378投诉了，请你们停止骚扰。",
	}
	ownerToRelay = []string{
		"不好意思，给你添麻烦了，我会尽快处理。",
		"是网贷催收，别理他们，直接拉黑就行。",
		"抱歉，这事我会处理好的，谢谢告诉我。",
	}
	ownerToBoss = []string{
		"好的，抱歉给公司添麻烦了，我马上处理。",
		"对不起{boss}，是我的私事，我会尽快处理好，不会影响工作。",
	}
	motherRelays = []string{
		"有人打电话给我说你欠钱，怎么回事？",
		"今天又有好几个电话打来，还说要上门，你到底借了多少？",
		"{given}，有事跟家里说，别一个人扛着。",
		"那些人说话好难听，妈一晚上没睡着。",
		"你爸说钱不够家里先给你凑点，赶紧还了吧🙏",
	}
	ownerToMother = []string{
		"妈，没事，我会处理的，你别接陌生电话。",
		"对不起妈，让你担心了。",
		"那些电话别理，是网贷催收的，他们不能这样骚扰你。",
		"妈你把那些号码拉黑就行，我在想办法。",
	}
	sisterRelays = []string{
		"刚才有个陌生号码给我打电话，说你在网上借钱不还，让我转告你，到底怎么回事？",
		"我把那几个号码都拉黑了，你有困难跟我说，别让妈担心。",
	}
	friendRelays = []string{
		"有人打电话给我说你欠网贷，还让我帮你还，怎么回事啊？",
		"刚收到一条短信，说你借钱不还，还把你身份证号发我了😳你没事吧",
	}
	colleagueRelays = []string{
		"{given}，今天有人打到我手机上说你欠钱不还，还问你在哪上班，你注意点。",
		"有个170开头的号给我发短信说你是老赖……这是被爆通讯录了吧",
	}
	bossRelays = []string{
		"{given}，今天有人打电话到公司前台找你，说你欠钱，影响很不好，你尽快处理。",
		"下午来我办公室一趟，说说催款电话的事。",
	}
)

// Ordinary conversations. Lines alternate: the first is sent by the
// other person, the second by the owner, and so on.
var (
	friendChats = [][]string{
		{"周末去爬山不？", "去啊，几点？", "早上八点地铁站见"},
		{"晚上一起吃火锅？😋", "好啊，老地方"},
		{"我到楼下了", "马上下来"},
		{"生日快乐🎂！", "谢谢兄弟🙏"},
		{"你上次说的那个\"小红书\"链接发我下", "晚点发你"},
		{"帮我看看这个价格<100的耳机靠谱吗", "别买杂牌 & 二手的"},
		{"I'm home, 你到了吗", "到了到了"},
		{"明天带：\n1. 身份证\n2. 合同\n3. 充电宝", "OK👌"},
		{"放假回老家不？", "回，票都买好了"},
		{"借我的书看完没😂", "下周还你"},
		{"看球不？今晚有比赛", "加班，看不了😭"},
	}
	colleagueChats = [][]string{
		{"明天的周会改到上午十点", "收到"},
		{"方案我改好了，发你邮箱了", "好的辛苦"},
		{"帮我带份午饭，牛肉面，谢谢！", "OK"},
		{"打卡机又坏了，记得手动补卡", "好的👍"},
		{"下午三点会议室B，别迟到", "好"},
	}
	bossChats = [][]string{
		{"今晚把周报发我", "好的{boss}"},
		{"明天客户来，9点前到公司", "收到"},
		{"这个月的数据再核对一遍", "好的，马上"},
	}
	motherChats = [][]string{
		{"天冷了，多穿点衣服", "知道啦妈"},
		{"这周末回来吃饭不？", "这周加班，下周回"},
		{"给你寄了点腊肉，记得取快递", "好嘞"},
		{"你爸说让你少熬夜", "嗯嗯"},
		{"钱够不够用？不够跟妈说", "够用的，别担心"},
		{"今天降温了，记得加衣服🧥", "好的妈"},
	}
	fatherChats = [][]string{
		{"钱转你卡上了，省着点花", "谢谢爸"},
		{"好好工作，注意身体", "知道了"},
	}
	sisterChats = [][]string{
		{"妈生日快到了，一起给她买个按摩仪？", "行，我出一半"},
		{"你侄子会叫{uncle}了😂", "哈哈哈快发视频"},
		{"下次啥时候回家？", "月底吧"},
		{"帮我抢两张回家的票🙏", "我试试"},
	}
	// Conversations on the mother's phone: the first line is sent by the
	// other person, the second by the mother.
	husbandChats = [][]string{
		{"晚上回来吃饭不", "回，买点菜"},
		{"明天赶集去不", "去"},
		{"地里的菜浇了没", "浇了"},
		{"工地今天发钱了，晚点转你", "好，路上慢点"},
	}
	daughterChats = [][]string{
		{"妈，周末我带孩子回去", "好，给你们炖鸡"},
		{"老家那边下雪了吗", "下了，冷得很"},
		{"妈，药记得按时吃", "知道了"},
		{"给你买的羽绒服到了没？", "到了，正合身👍"},
	}
)

// mmsTexts are captions of ordinary MMS.
var (
	familyMMSTexts = []string{"看看咱家小宝😂", "年夜饭准备好了🧧", "家里的橘子熟了"}
	friendMMSTexts = []string{"今天拍的晚霞", "你看这个像不像你😂"}
)

// Small debts between people who know each other: dinners, AA bills,
// money lent for a week. These are contacts, never collection. {amt} is a
// small sum, {total} a bill split {ppl} ways, {big} a loan within the
// family. Lines alternate; debtChats start with the other person,
// ownerDebtChats with the owner.
var (
	friendDebtChats = [][]string{
		{"上周吃饭那{amt}记得转我哈😂", "啊差点忘了，晚上转你", "ok"},
		{"昨天唱K一共{total}，AA下来每人{amt}，微信转我就行", "好，转了", "收到👌"},
		{"兄弟，上次借你的{amt}这周方便还我不？月底房租有点紧", "没问题，明天就转你", "谢啦"},
		{"电影票钱你还没给我呢，{amt}块", "哈哈哈马上"},
		{"那{amt}块还不还了？你这个老赖😂", "还还还，这就转，别催了😂"},
		{"你还欠我一顿火锅啊，别想赖账😏", "记着呢，周末请你"},
		{"转账记得点收款，不然24小时就退回去了", "刚看到，收了，谢谢"},
		{"那{amt}我微信转你了，收到没？", "收到了，这么快"},
		{"帮你垫的门票{amt}，有空转我", "好嘞"},
		{"欠我的{amt}块打算啥时候还啊，老赖同志🙄", "发工资就还！"},
	}
	ownerFriendDebtChats = [][]string{
		{"还你了 收一下", "收到👌"},
		{"上次借的{amt}微信转你了，收一下哈", "好的，其实不急的"},
		{"昨天打车的钱我支付宝转你了", "这么客气干嘛"},
		{"上回借我的{amt}方便的时候还我下哈，最近手头有点紧", "不好意思忘了！现在就转你", "收到，谢啦"},
		{"聚餐我先垫的，一共{total}，人均{amt}，有空转我", "好，马上"},
		{"你欠我的奶茶啥时候请😂", "明天明天"},
	}
	colleagueDebtChats = [][]string{
		{"中午饭钱我先帮你付了，{amt}", "谢谢，微信转你"},
		{"团建费每人{amt}，周五前转我就行", "好的，转你了"},
		{"奶茶拼单的钱记得转我哈，{amt}", "好嘞"},
	}
	ownerColleagueDebtChats = [][]string{
		{"下周一发工资就把上次借的钱还你，不好意思拖了这么久", "没事，不急"},
		{"昨天的饭钱转你了，{amt}，收一下", "收到"},
		{"打车费咱们AA吧，我转你{amt}", "好"},
	}
	sisterDebtChats = [][]string{
		{"能先借我{big}吗？月底发工资就还你", "行，等下转你", "爱你😘"},
		{"上次借你的钱还你了，看下到账没", "到了，不用这么急的"},
		{"妈的生日礼物一共{total}，咱俩一人一半", "好，我转你"},
	}
	ownerSisterDebtChats = [][]string{
		{"姐，钱转你了，不急着还", "谢啦，下个月还你"},
		{"上回借你的{big}还你了，收一下", "收到，这么快"},
	}
	// smallSums are what friends and colleagues owe each other.
	smallSums = []int{25, 35, 45, 50, 66, 80, 88, 100, 120, 150, 200, 300}
	// ownerBorrows: after the onset the owner asks a friend for money to
	// cover the debt, and pays it back after payday.
	ownerBorrows = [][]string{
		{"在吗？能不能先借我{big}，下个月10号发工资就还你", "怎么了？出什么事了吗", "有点急用，回头跟你说", "行，转你了"},
		{"方便借我{big}周转一下吗？发了工资马上还", "可以，微信转你了"},
	}
	ownerRepays = []string{
		"钱还你了，收一下，谢谢你帮忙🙏",
		"借你的{big}转你了，真的谢谢",
	}
)

// Ordinary notices and chats that share words with collection (欠费,
// 逾期, 最后还款日, 房租) but are not it.
var (
	landlordAsks = [][]string{
		{"小{sur}，这个月房租{rent}该交了，还是转之前那张卡", "好的，5号转您"},
		{"房租记得交一下哈", "好的，知道了"},
		{"小{sur}，这个月房租{rent}，水电{amt}，一共{total}，转我卡上就行", "好的{landlord}，5号转您"},
	}
	landlordLate = [][]string{
		{"小{sur}，房租已经晚了几天了，方便的话尽快转一下哈", "不好意思，这两天手头紧，周末前一定转您"},
		{"房租这个月还没收到，是不是忘了？", "抱歉忘了，今晚转"},
	}
	landlordThanks = "房租收到了，谢谢"
	ccbRemind      = "【建设银行】温馨提示：您尾号{cc}的信用卡本期账单应还{amt}元，最后还款日{date}，请按时足额还款，逾期将影响您的个人信用记录。如已还款请忽略。"
	ccbPaid        = "【建设银行】您尾号{cc}的信用卡{md}{hm}还款{amt}元，感谢您的支持。"
	huabeiBill     = "【支付宝】您{month}月花呗账单{amt}元，还款日{date}，到期将自动从余额宝或储蓄卡扣款，请保证余额充足。"
	huabeiPaid     = "【支付宝】您的花呗本月账单{amt}元已自动还款成功。"
	carrierArrears = []string{
		"【中国移动】尊敬的客户，您的手机号码已欠费{amt}元，为避免停机影响您的使用，请及时缴费。缴费可登录中国移动APP。",
		"【中国移动】尊敬的客户，截至{md}{hm}您的账户余额为{amt}元，已不足10元，为避免停机请及时充值。",
	}
	carrierPaid = "【中国移动】尊敬的客户，您于{md}{hm}成功缴费{amt}元，当前余额{bal}元，感谢您的支持。"
	powerNotice = []string{
		"【国家电网】尊敬的客户：您户号{hh}的电费已欠费{amt}元，请及时缴纳，以免影响您的正常用电。",
		"【国家电网】尊敬的客户：您户号{hh}{month}月电费{amt}元，截至目前尚未缴纳，请于本月底前缴清，逾期将产生违约金。",
	}
	parcelOverdue = []string{
		"【菜鸟驿站】您的{carrier}包裹在{station}已滞留{n}天，请尽快取件，逾期未取将退回寄件人。取件码{pick}",
		"【菜鸟驿站】提醒：取件码{pick}的包裹已到站{n}天，逾期未取将退回，请尽快到{station}领取。",
		"【丰巢】您的快件已超时未取，超时将收取保管费，取件码{pick}，请尽快取件。",
	}
	libraryNotices = []string{
		"【{city}图书馆】读者您好，您借阅的《{book}》将于{date}到期，请及时归还或在线续借。",
		"【{city}图书馆】读者您好，您借阅的《{book}》已逾期{n}天，请尽快归还，逾期将按每册每天0.1元收取滞纳金。",
	}
	books = []string{"活着", "三体", "百年孤独", "平凡的世界", "人类简史", "围城", "白夜行", "明朝那些事儿"}
)

// A wrong number: a collection text for somebody else, weeks before the
// owner's loan. The number is unknown, not part of the campaign.
var (
	strayTexts = []string{
		"{who}，您在{lender}的借款已逾期{days}天，请于今日内处理，否则将按流程上报。",
		"{who}你好，你欠的{amt}元到底什么时候还？电话也不接，再不处理后果自负。",
		"通知：{who}（身份证尾号{tail4}）您的账单已严重逾期，请尽快还款。",
	}
	strayLenders = []string{"易达借", "福满贷", "优享分期", "顺心借款"}
	strayWho     = []string{"王先生", "李女士", "刘先生", "陈女士", "张先生"}
	strayReplies = []string{"你发错了吧，我不是{who}", "发错人了", "打错了，我不认识这个人，别再发了"}
)
