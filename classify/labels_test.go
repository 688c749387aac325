package classify

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/leaktrail/leaktrail"
)

// Short names for the labels, to keep the tables readable.
const (
	coll  = leaktrail.LabelCollection
	thr   = leaktrail.LabelThreat
	cx    = leaktrail.LabelContactsExposure
	ins   = leaktrail.LabelInsult
	imp   = leaktrail.LabelImpersonation
	rel   = leaktrail.LabelRelay
	loan  = leaktrail.LabelLoan
	spam  = leaktrail.LabelSpam
	fraud = leaktrail.LabelFraud
	svc   = leaktrail.LabelService
	ver   = leaktrail.LabelVerification
)

// labelCase is a message and the labels it must get, exactly. rules lists
// rules that must be among those that fired: every rule of rules.json is
// named by at least one case (TestEveryRuleHasExample). Platform names,
// numbers and people in these texts are made up.
type labelCase struct {
	name  string
	body  string
	want  []leaktrail.Label
	rules []string
}

// l builds a label list.
func l(labels ...leaktrail.Label) []leaktrail.Label { return labels }

var collectionCases = []labelCase{
	{"collector wording", "【闪贷宝】你好，你的账单已由我司委外催收部门接手处理，请于今日联系专员。",
		l(coll), []string{"collection.collector"}},
	{"demand with pressure", "你在米粒贷的欠款3260元已严重逾期，今天必须处理，否则将按流程走。",
		l(coll), []string{"collection.demand", "collection.informal_overdue"}},
	{"deadline hour", "欠款本息合计4380元，限你明天中午12点前还清，逾期不候。",
		l(coll), []string{"collection.deadline", "collection.demand"}},
	{"deadline within hours", "网贷账单必须在2小时内处理完毕", l(coll), []string{"collection.deadline"}},
	{"accuses of dodging", "恶意拖欠平台借款，性质已经变了，你自己掂量。", l(coll), []string{"collection.debtor"}},
	{"evasion", "电话不接短信不回，你以为躲着就能把网贷的账赖掉？",
		l(coll), []string{"collection.evasion", "collection.demand"}},
	{"settle in full", "通知：请一次性结清剩余欠款2150元，今日处理可免除部分违约金。",
		l(coll), []string{"collection.settle", "collection.negotiate"}},
	{"negotiate", "您好，您的逾期账单目前可以申请减免部分罚息，请尽快回电协商还款。",
		l(coll), []string{"collection.negotiate"}},
	{"informal overdue", "你的借款已逾期，别让我们再提醒。", l(coll), []string{"collection.informal_overdue"}},
	{"escalation to legal", "你的逾期借款已提交法务，下周将对你提起诉讼，届时法院强制执行。",
		l(coll, thr), []string{"collection.collector", "threat.legal"}},
	{"dodged with spaces and symbols", "你的欠 款已经逾-期30天了，催*收部门今天处理",
		l(coll), []string{"collection.collector", "collection.informal_overdue"}},
	{"dodged with pinyin", "你的网贷yu期了，cui收部门马上介入", l(coll), []string{"collection.collector", "collection.demand"}},
	{"ultimatum without lending words", "给你最后一次机会，今天下午三点前把钱还了", l(coll), []string{"collection.demand_debt", "collection.deadline"}},
	{"harass until paid", "你欠的钱不还，我就天天打你电话", l(coll, thr), []string{"collection.demand_debt", "threat.harass"}},
	{"victim's own words", "我被网贷催收搞得快崩溃了", nil, nil},
	{"card overdue notice with 立即", "【招商银行】您的信用卡已逾期，为免影响您的信用记录，请立即还款。如已还款请忽略", l(svc), []string{"service.institution"}},
	{"debt is right", "兄弟，欠钱还钱天经地义，别让你家人跟着丢人", l(coll, thr), []string{"collection.debtor", "threat.family"}},
	{"collector offers a deal", "可以协商还款，今天先还一部分，加我微信处理", l(coll), []string{"collection.negotiate"}},
	{"handed to agents", "你好，你的账单已转交第三方催收，请今天主动回电。", l(coll), []string{"collection.handed_over"}},
	{"the money you owe us", "你欠我们平台的钱打算拖到什么时候？", l(coll), []string{"collection.owed"}},
	{"won't pay", "张三，你借的钱不打算还了是吧？", l(coll), []string{"collection.owed"}},
	{"pay now", "还钱！别再装傻了", l(coll), []string{"collection.repay_now"}},
	{"pay now, spaced", "逾 期 三 十 天 了 ， 还 款 ！", l(coll), []string{"collection.repay_now"}},
	{"an agency took over", "【信诚资产】您在XX平台的借款已由我司接管，欠款金额3,420元，请尽快安排还款。", l(coll), []string{"collection.collector"}},
	{"the platform's staff", "你好，我是平台的工作人员，您的借款有逾期，今天需要您处理一下。", l(coll), []string{"collection.agent"}},
	{"a month overdue, last reminder", "你好，你的借款逾期已经一个多月了，我这边最后提醒你一次。", l(coll), []string{"collection.informal_overdue"}},
	{"the default procedure", "今天之内处理不了，就按违约流程走了。", l(coll), []string{"collection.menace"}},
	{"a broken promise", "你答应昨天还款的，钱呢？", l(coll), []string{"collection.owed"}},
	{"not next week again", "不要再跟我说下周了，欠款今天就得处理。", l(coll), []string{"collection.demand"}},
	{"a case handed to the agent", "刘某某，你的委案已到我这里，金额4280元，今天之内给我回话。", l(coll), []string{"collection.collector"}},
	{"money by eight", "听好了，今天晚上八点之前把钱打过来。", l(coll), []string{"collection.deadline"}},
	{"the agent on the account", "【花生借】赵先生，您的账户目前欠款2,860元，我是负责您账户的专员小孙，请今天中午前回复处理意见。",
		l(coll), []string{"collection.agent", "collection.deadline"}},
	{"threat over a debt", "欠钱不还，我们会一直找你，直到你还清为止。", l(coll, thr), []string{"collection.menace", "threat.harass"}},
	{"lawyer without a sum", "我是平安律师事务所的王律师，你的案件已正式委托我所，三天内不处理将直接起诉。",
		l(coll, imp), []string{"collection.fake_legal", "impersonation.lawyer"}},
	{"reports the wife was called", "你老婆已经接到我们的电话了，欠款的事她说让你自己处理。",
		l(coll, cx), []string{"collection.reported", "contacts_exposure.told"}},
	{"tells the colleagues unless paid", "如果今天还不上，明天你公司所有同事都会收到你的欠款信息。",
		l(coll, cx, thr), []string{"collection.tell_others", "threat.contacts"}},
	{"asks for a date", "王先生，您在快借宝的账单已经拖了二十多天，今天下班前给我一个还款时间。", l(coll), []string{"collection.demand"}},
	{"overdue for a month", "都逾期一个月了还不处理，你是不是不想要征信了？", l(coll), []string{"collection.informal_overdue"}},
	{"afraid to answer", "借钱的时候说得好好的，现在连电话都不敢接了？", l(coll), []string{"collection.evasion"}},
	{"traditional characters", "還錢！不還就等著瞧", l(coll, thr), []string{"collection.menace", "threat.veiled"}},

	// Near misses.
	{"friend's small debt", "你欠我的100块什么时候还", nil, nil},
	{"friend wants 300 back", "你上次借我的300块，这周能还我吗？", nil, nil},
	{"the owner will pay", "我下周发工资就把钱还你，别催了哈", nil, nil},
	{"deadline at work", "明天上午十点前把报销单交到财务，逾期不候", nil, nil},
	{"landlord's rent", "房东：这个月房租逾期三天了，再不交我就要收回房子了", nil, nil},
	{"a business's debtor", "这批货款客户一直拖着不给，我们准备起诉了", nil, nil},
	{"gossip", "听说老王被起诉了，因为欠钱不还", nil, nil},
	{"a TV drama", "你们公司那个催收电话的剧我看了，演得真好", nil, nil},
	{"failed debit on the due day", "【好借易】您本期账单扣款失败，请于今日内还款，以免产生逾期。", l(loan, svc), nil},
	{"paid out within hours", "【快银】您的借款申请已通过，资金将在2小时内发放至尾号3321的银行卡。", l(loan, svc), nil},
	{"library book", "【市图书馆】您借的书已超期3天，请尽快归还。", l(svc), []string{"service.institution"}},
	{"friend lends", "上次借你的500块不急，你方便的时候再还我就行", nil, nil},
	{"repaid", "【速借花】还款成功，感谢使用。", l(loan, svc), []string{"loan.repaid", "service.notice"}},
	{"formal overdue notice", "【速借花】尊敬的用户，您的借款已逾期3天，请尽快还款，以免影响您的个人征信。如已还款请忽略。",
		l(coll, loan, svc), []string{"collection.formal_overdue", "loan.overdue", "service.lender_notice"}},
	{"due reminder", "【米粒贷】您本期账单应还金额1050.00元，还款日为03月15日，请保持银行卡余额充足。", l(loan, svc), nil},
	{"due today until midnight", "【米粒贷】您的借款今日到期，请于今日24点前完成还款。", l(loan, svc), nil},
	{"auto debit on due day", "温馨提示：还款日当天请确保尾号6789银行卡余额充足，系统将自动扣款。", l(loan, svc), nil},
	{"carrier arrears", "【中国移动】尊敬的客户，您的话费已欠费12.5元，为避免停机请及时充值。", l(svc), nil},
	{"unpaid wages", "老板拖欠工资三个月了，我们准备去劳动仲裁", nil, nil},
	{"credit card bill", "【招商银行】您03月账单人民币1,234.56元，到期还款日04月05日。", l(svc), nil},
	{"collector introduces himself", "我是速借花催收专员，请尽快联系我处理欠款", l(coll), []string{"collection.collector"}},
}

var threatCases = []labelCase{
	{"home visit", "明天上 门拜访，当面谈谈", l(thr), []string{"threat.visit"}},
	{"visit employer with debt", "再不还钱，明天我们的人就去你单位找你", l(coll, cx, thr), []string{"threat.visit_context", "collection.demand_debt"}},
	{"field visit", "我们的外访人员已经到了你户籍所在地，欠款的事今天给个说法",
		l(coll, thr), []string{"threat.visit_context"}},
	{"consequences", "给你脸不要脸，钱不还后果自负！", l(coll, ins, thr), []string{"threat.consequence", "insult.abuse"}},
	{"blacklist with credit", "你已经上了征信黑名单，以后子女考公政审都过不了", l(thr), []string{"threat.credit"}},
	{"blacklist", "拖欠网贷不还，已把你报送全网黑名单", l(coll, thr), []string{"threat.blacklist", "collection.debtor"}},
	{"expose online", "再不还钱我们就把你的欠款信息挂到网上，做成大字报贴到你小区",
		l(coll, thr), []string{"threat.expose"}},
	{"knows the address", "我们已掌握你的工作单位和家庭住址", l(thr), []string{"threat.visit"}},
	{"public shame", "让你在亲戚朋友面前社死", l(thr), []string{"threat.shame"}},
	{"photo", "你的照片和身份证我们都有，不还款就P图发给你所有联系人",
		l(coll, cx, thr), []string{"threat.photo", "contacts_exposure.third_party"}},
	{"violence", "不还钱就找人收拾你，打断你的腿", l(coll, thr), []string{"threat.violence"}},
	{"family", "你不还款，连累的是你的家人和孩子，他们上学都会受影响", l(coll, thr), []string{"threat.family"}},
	{"lawsuit", "张三，你在米粒贷的3000元已经逾期45天了，我们已经准备移交当地律所起诉",
		l(coll, imp, thr), []string{"threat.lawsuit", "collection.informal_overdue", "impersonation.lawyer"}},
	{"prosecution", "检察院将对你恶意透支一事提起公诉", l(imp, thr), []string{"threat.legal", "impersonation.prosecutor"}},
	{"tell the parents", "不想让你爸妈知道你欠钱的话，今天就把钱还上。", l(coll, cx, thr), []string{"threat.contacts"}},
	{"blast as a first step", "爆你tong xun lu只是第一步", l(coll, cx, thr), []string{"threat.blast", "contacts_exposure.blast"}},
	{"holds the wife's number", "你老婆的手机号我们已经有了，欠款你打算让她来还？",
		l(coll, cx, thr), []string{"threat.have_numbers", "contacts_exposure.have_numbers"}},
	{"calls without end", "你不还钱，我们就每天安排人给你打电话，打到你还为止。", l(coll, thr), []string{"threat.harass"}},
	{"veiled", "你的欠款再拖一天就转到外包公司，到时候就没这么好说话了。", l(coll, thr), []string{"threat.veiled"}},
	{"harm", "欠了钱还不还，晚上出门小心点。", l(coll, thr), []string{"threat.harm"}},
	{"a car accident", "你这个杂种，欠钱不还，小心出门被车撞", l(coll, ins, thr), []string{"threat.harm", "insult.strong"}},
	{"no hiding", "欠的钱你跑不掉的，换号也没用。", l(coll, thr), []string{"threat.locate"}},
	{"the job", "欠款再不处理，你这份工作也别想干了。", l(coll, thr), []string{"threat.job"}},
	{"money or life", "你是要钱还是要命？", l(coll, thr), []string{"threat.violence"}},
	{"not over", "钱不还，这事没完。", l(coll, thr), []string{"threat.veiled"}},
	{"no life at home", "欠债不还，我们让你在老家混不下去。", l(coll, thr), []string{"threat.shame"}},
	{"where you work", "我们知道你现在在哪上班，欠款的事你最好主动联系。", l(coll, thr), []string{"threat.locate"}},
	{"the judgment will tell", "欠款拖着不还，等法院判下来你就知道后果了。", l(coll, thr), []string{"threat.consequence"}},
	{"the parents' numbers", "你爸妈的电话我们都有，还想躲？", l(coll, cx, thr), []string{"threat.have_numbers"}},
	{"unusual means", "你的欠款再不还，我们就只能采取非常手段了。", l(coll, thr), []string{"threat.veiled"}},
	{"hard days ahead", "钱不还，你以后的日子不会好过。", l(coll, thr), []string{"threat.veiled"}},
	{"no other city", "别以为换了城市就找不到你，欠的钱必须还。", l(coll, thr), []string{"threat.locate"}},
	{"the blacklist next", "再拖下去，就等着上失信黑名单吧。", l(coll, thr), []string{"threat.blacklist"}},
	{"the arrest", "平台已将你的信息提交给公安机关，你等着被抓吧。", l(thr), []string{"threat.legal"}},
	{"our people", "我们的人这两天会去你住的小区转转。", l(thr), []string{"threat.our_people"}},
	{"assets preserved", "欠款逾期太久，我们已申请对你的财产进行保全。", l(coll, thr), []string{"threat.legal"}},
	{"the full address", "我们已经有你家的详细地址了，欠款的事你最好主动一点。", l(coll, thr), []string{"threat.locate"}},
	{"the door number", "你们家门牌号我们都知道，还不还钱？", l(coll, thr), []string{"threat.locate"}},
	{"no work tomorrow", "今天你不把钱还上，明天就别想好好上班。", l(coll, thr), []string{"threat.job"}},
	{"the girlfriend next", "还不上钱是吧？那我们只好找你女朋友聊聊了。", l(coll, cx, thr), []string{"threat.contacts"}},
	{"every contact tomorrow", "你欠款不还的事，明天会通知你的每一个联系人。", l(coll, cx, thr), []string{"threat.contacts"}},
	{"the employer told", "如果今天还不处理，我们将把你的欠款情况告知你所在单位。", l(coll, cx, thr), []string{"threat.contacts"}},
	{"the whole family will know", "还不上钱就让你全家都知道你是个老赖。", l(coll, cx, ins, thr), []string{"threat.contacts"}},
	{"leaflets at the office", "明天就把你的欠款信息印成传单，贴到你单位门口。", l(coll, cx, thr), []string{"contacts_exposure.third_party"}},
	{"texts to the whole book", "我们这边马上安排给你所有的通讯录联系人发短信。", l(coll, cx, thr), []string{"threat.contacts", "collection.tell_others"}},
	{"only the address book left", "如果你坚持不还，我们就只能联系你通讯录里的亲戚朋友了。", l(coll, cx, thr), []string{"threat.contacts"}},
	{"papers to the village", "欠款不处理，我们将把催收函寄到你户籍所在地村委会。",
		l(coll, cx, thr), []string{"threat.sent_to", "contacts_exposure.sent_to"}},
	{"visit planned", "我们已经安排同事明天上午去你家走访，请家里留人。", l(thr), []string{"threat.visit"}},
	{"a court's summons predicted", "给你三天时间，再不还钱，你就等着收法院传票吧。", l(coll, thr), []string{"threat.lawsuit"}},

	// Near misses.
	{"courier pick-up", "【顺丰速运】快递员将于今天下午上门取件，请保持电话畅通。", l(svc), nil},
	{"friend visits", "我明天去你家吃饭哈", nil, nil},
	{"take care", "路上注意安全，到家了给我发个消息", nil, nil},
	{"teacher's home visit", "老师下周来家访，记得收拾一下", nil, nil},
	{"credit report", "征信报告可以在人民银行征信中心官网免费查询", nil, nil},
	{"real court notice", "【北京市朝阳区人民法院】张某某，(2024)京0105民初12345号案件已立案，请登录人民法院在线服务平台查看。咨询电话12368",
		l(svc), []string{"service.court_notice"}},
	{"a friend's joke", "兄弟，你再不还我钱我就去你家蹲你了哈哈", nil, nil},
	{"late again", "你要是再迟到，后果自负哈", nil, nil},
	{"news of a sentence", "今天在新闻上看到网贷暴力催收被判刑了", nil, nil},
	{"renovation ad", "【安居装修】免费上门量房，回T退订", l(spam), nil},
	{"call blocker", "该号码已被加入黑名单，来电将被拦截", nil, nil},
}

var contactsCases = []labelCase{
	{"blast", "三天内不还，直接爆你通讯录", l(coll, cx, thr), []string{"contacts_exposure.blast", "contacts_exposure.contacts", "threat.blast"}},
	{"blast dodged", "再不处理就爆通 迅 录", l(coll, cx, thr), []string{"contacts_exposure.blast"}},
	{"address book", "你的通讯录我们已经全部导出", l(cx), []string{"contacts_exposure.contacts"}},
	{"address book initials", "你的txl已经在我们系统里了", l(cx), []string{"contacts_exposure.contacts"}},
	{"emergency contact", "已将你的逾期情况告知你的紧急联系人",
		l(coll, cx), []string{"contacts_exposure.emergency", "contacts_exposure.third_party", "collection.reported"}},
	{"call parents", "今天不还款，我们就打电话给你的父母和同事", l(coll, cx, thr), []string{"contacts_exposure.third_party", "threat.contacts"}},
	{"or else we tell", "限你今天打电话给我，否则你的事我们就通知你家人", l(cx), []string{"contacts_exposure.third_party"}},
	{"already told", "已通知你家人，你自己看着办", l(cx), []string{"contacts_exposure.notified"}},
	{"already broadcast", "已经群发给你的亲友了", l(cx), []string{"contacts_exposure.notified"}},
	{"synced to friends", "你的逾期信息已同步至你的亲友", l(coll, cx), []string{"contacts_exposure.notified"}},
	{"holds the numbers", "你老婆的电话我们已经有了", l(cx), []string{"contacts_exposure.have_numbers"}},
	{"to a friend of the borrower", "你好，你是王五的朋友吗？他在我们平台借款逾期了，联系不上他，麻烦转告一下",
		l(coll, cx), []string{"contacts_exposure.debt_disclosed", "collection.through_third_party"}},
	{"to the emergency contact", "您好，请问是李四的紧急联系人吗？李四的借款已逾期，请您督促他还款",
		l(coll, cx), []string{"contacts_exposure.debt_disclosed", "contacts_exposure.emergency"}},
	{"broadcast to all", "我们会把你的欠款信息群发给你所有亲友", l(coll, cx, thr), []string{"contacts_exposure.third_party", "threat.contacts"}},
	{"tell your friends", "再不处理，我们就告诉你的朋友你欠钱不还", l(coll, cx, thr), []string{"contacts_exposure.third_party", "threat.contacts"}},
	{"everyone will know", "欠钱不还，我们会让你身边所有人都知道", l(coll, cx, thr), []string{"contacts_exposure.everyone"}},
	{"village committee", "你的欠款情况我们已经发到你们村委会", l(coll, cx), []string{"contacts_exposure.everyone"}},
	{"family group chat", "你们家族群我们已经进去了，你欠款的截图也发了。", l(coll, cx), []string{"contacts_exposure.group_chat"}},
	{"the mother took the call", "你妈妈刚才接了我们的电话，她说会让你尽快还钱。", l(coll, cx), []string{"contacts_exposure.told"}},
	{"the contact got the reminder", "【好易借】您的紧急联系人已收到您的逾期提醒，请尽快还款。", l(coll, cx), []string{"collection.reported"}},
	{"the brother pays half", "你哥哥已经答应帮你还一半了，剩下的你自己处理。", l(coll, cx), []string{"contacts_exposure.told"}},
	{"the parents were called", "我们联系了你的父母，他们说不知道你在外面借钱。", l(coll, cx), []string{"contacts_exposure.told", "collection.reported"}},
	{"the boss was called", "我们刚和你单位的领导通了电话，你的欠款情况他已经了解。", l(coll, cx), []string{"contacts_exposure.told"}},
	{"the child's kindergarten", "你女儿在哪个幼儿园我们都清楚，欠款的事你最好尽快解决。",
		l(coll, cx, thr), []string{"contacts_exposure.child_school", "threat.family"}},
	{"pinyin family", "你的qian款已经yu期很久了，再不还就联系你jia人", l(coll, cx, thr), []string{"contacts_exposure.third_party", "threat.contacts"}},

	// Near misses.
	{"not in my contacts", "我通讯录里没有你", nil, nil},
	{"cloud backup", "【华为】您的通讯录已成功备份至云空间", nil, nil},
	{"fill in emergency contacts", "请在APP中完善紧急联系人信息以提升额度", nil, nil},
	{"told your parents", "我已经告诉你爸妈了，周末回家吃饭", nil, nil},
	{"friend's news", "你朋友说你换号码了", nil, nil},
	{"asks for a friend's number", "你朋友的电话是多少？我联系一下他", nil, nil},
	{"phone sync", "【小米】通讯录同步成功", nil, nil},
	{"a friend's address book", "你通讯录里有没有装修师傅的电话？", nil, nil},
	{"a victim asks", "我朋友被网贷催收爆通讯录了，她现在该怎么办？", nil, nil},
	{"family group", "我把你拉进家族群了，过年的事在群里说", nil, nil},
	{"put me down as the contact", "你的紧急联系人填我吧，没问题", nil, nil},
}

var insultCases = []labelCase{
	{"deadbeat", "老赖，欠钱不还还有脸换号码？", l(coll, ins), []string{"insult.deadbeat"}},
	{"shameless", "你这种人真不要脸，借钱的时候怎么不想想", l(coll, ins), []string{"insult.abuse"}},
	{"you rubbish", "你这个废物，借了钱就装死", l(coll, ins), []string{"insult.framed"}},
	{"cheat", "骗子！借了平台的钱就跑，你以为能跑得掉？", l(ins), []string{"insult.fraudster"}},
	{"dodged", "老lai 死全家", l(ins), []string{"insult.deadbeat", "insult.curse"}},
	{"curse", "不还钱你不得好死", l(ins), []string{"insult.curse"}},
	{"a dunce", "蠢货，又把钥匙锁车里了", l(ins), []string{"insult.strong"}},
	{"get lost", "滚，别烦我", l(ins), []string{"insult.strong"}},
	{"SB", "SB，接电话！3000块钱都还不起？", l(coll, ins), []string{"insult.sb"}},
	{"no conscience", "你个没良心的东西，借钱的时候求爷爷告奶奶，现在钱不还了？", l(coll, ins), []string{"insult.abuse"}},

	// Near misses.
	{"anti-fraud warning", "【12381】警惕骗子冒充客服以退款为由诈骗", l(svc), nil},
	{"mind the cheats", "你小心骗子，最近好多诈骗电话", nil, nil},
	{"junk messages", "垃圾短信太多了，烦死了", nil, nil},
	{"recycling", "废物利用做了个小手工", nil, nil},
	{"news of a deadbeat", "今天新闻说法院判了那个老赖", nil, nil},
	{"banter", "你个傻瓜，哈哈哈", nil, nil},
	{"usb", "我的USB线落你车上了", nil, nil},
	{"a little fool", "你个小笨蛋，记得吃早饭", nil, nil},
	{"a rubbish phone", "这破手机真是垃圾，又死机了", nil, nil},
	{"dumplings", "我们去吃狗不理包子吧", nil, nil},
	{"a friend's deadbeat joke", "你这个老赖，欠我一顿火锅", l(ins), nil},
	{"a dog", "你就是条狗，欠钱不还", l(coll, ins), []string{"insult.abuse"}},
	{"come out and pay", "滚出来还钱，死骗子", l(coll, ins), []string{"insult.abuse"}},
	{"a cheat who hides", "真是个赖皮，钱不还电话也不接", l(coll, ins), []string{"insult.deadbeat", "collection.owed"}},
	{"disgusting", "借钱的时候怎么不说没钱？现在装穷，真够恶心的。", l(coll, ins), []string{"insult.abuse"}},
	{"shame on you", "这么大个人了，欠钱不还，丢不丢人？", l(coll, ins), []string{"insult.abuse"}},
	{"a turtle", "装什么死？欠钱不还的缩头乌龟。", l(coll, ins), []string{"insult.abuse"}},
	{"useless, over a loan", "没钱还借什么网贷，废物！", l(coll, ins), []string{"insult.abuse"}},
}

var impersonationCases = []labelCase{
	{"lawyer's letter", "【恒信律师事务所】关于你在速借花的欠款，我所已受委托向你发送律师函。",
		l(coll, imp), []string{"impersonation.lawyer", "collection.collector"}},
	{"legal department", "我是速借花法务部的，你的案子已经转到我这里", l(coll, imp), []string{"impersonation.legal_dept"}},
	{"court", "你的案件已进入诉前调解程序，三日后开庭，请准时出庭", l(imp), []string{"impersonation.court"}},
	{"police", "经侦支队已对你名下的网贷欠款立案调查",
		l(coll, imp, thr), []string{"impersonation.police", "threat.lawsuit"}},
	{"arbitration", "你的借款纠纷已提交仲裁委员会，裁决后直接强制执行",
		l(coll, imp, thr), []string{"impersonation.arbitration"}},
	{"court signature", "【XX法院】你因拒不还款已被列入失信被执行人名单，请于三日内到法院处理",
		l(coll, imp, thr), []string{"impersonation.signature", "threat.legal"}},
	{"law enforcement", "公检法已联合介入你的债务问题", l(imp), []string{"impersonation.authority"}},
	{"dodged", "律 师 函已发出，法yuan传票随后寄到你户籍地",
		l(coll, cx, imp, thr), []string{"impersonation.lawyer", "impersonation.court", "threat.sent_to"}},
	{"signed as the procuratorate", "【东江区检察院】你涉嫌恶意拖欠网贷，已被列入调查名单，请三日内还清欠款。", l(coll, imp, thr), []string{"impersonation.signature", "threat.legal"}},
	{"signed as the economic police", "【东江经侦】你名下多笔网贷逾期，已涉嫌恶意透支，限你今日内处理。", l(coll, imp, thr), []string{"impersonation.signature"}},
	{"fake court with a mobile", "【东城区人民法院】你涉嫌借款合同纠纷，请于明日前联系书记员18812345678处理，否则将强制执行。",
		l(coll, imp, thr), []string{"impersonation.signature", "collection.fake_legal"}},

	// Near misses.
	{"police warning", "【96110】警方提醒：凡是自称公检法要求转账到安全账户的都是诈骗", l(svc), nil},
	{"police service", "【市公安局】您的出入境证件已办理完成，请携带身份证到窗口领取", l(svc), nil},
	{"friend is a lawyer", "我朋友是律师，可以帮你看看合同", nil, nil},
	{"noodles near the court", "周末去法院旁边那家面馆吃饭", nil, nil},
	{"brother is a policeman", "我弟在派出所当民警", nil, nil},
	{"names the legal department", "逾期超过60天，法务部将于周五前递交起诉材料，你好自为之。", l(coll, thr), nil},
	{"threatens to tell the police station", "欠款不还就把你的资料发到你老家派出所。", l(coll, cx, thr), nil},
	{"a lawyer's hearing", "律师说我们的案子下个月开庭", nil, nil},
	{"ignore the letters", "律师函这种东西吓唬人的，别理", nil, nil},
	{"a judgment by post", "【东江人民法院】您的案件已审结，判决书将邮寄送达，请注意查收。", l(svc), []string{"service.court_notice"}},
	{"a lawyer introduces himself", "我是张律师，关于你的欠款请尽快回电。", l(coll, imp), []string{"impersonation.lawyer_self", "collection.fake_legal"}},
	{"the platform's lawyer", "你好，我是平台合作律师张某，关于你的逾期借款需要跟你核实一下情况。", l(coll, imp), []string{"impersonation.lawyer", "collection.fake_legal"}},
}

var relayCases = []labelCase{
	{"someone called me", "有人打电话给我说你欠钱", l(rel), []string{"relay.reported"}},
	{"stranger told me to pass it on", "今天一个陌生号码打电话给我，说你借钱不还，叫我转告你", l(rel), []string{"relay.reported", "relay.said"}},
	{"a collector called me", "刚才有个催收打到我这，说你在速借花借了钱不还", l(rel), []string{"relay.collector"}},
	{"someone found me", "你是不是借网贷了，有人找到我", l(rel), []string{"relay.reported", "relay.asking"}},
	{"mother relays a threat", "妈：今天有个陌生号码打到家里，说你欠了网贷，还说要起诉你，怎么回事？",
		l(rel), []string{"relay.reported"}},
	{"call at work", "你们公司前台说有人打到公司找你，说是你贷款逾期了", l(rel), []string{"relay.reported"}},
	{"asking", "你到底欠了多少钱？最近老有人问", l(rel), []string{"relay.asking"}},
	{"asked to pass it on", "他们让我转告你赶紧还钱", l(rel), []string{"relay.reported"}},
	{"said you owe", "老婆，刚有人打我电话，说你借了钱一直不还，这到底是怎么回事？", l(rel), []string{"relay.said"}},
	{"calls to the mother", "他们天天打电话给你妈，你快把网贷还了吧", l(rel), []string{"relay.family_called"}},
	{"a caller at work", "小刘，刚才前台说有人打电话找你，说是什么贷款公司的，要你马上还款。", l(rel), []string{"relay.reported"}},
	{"harassing calls at home", "妈今天接到好多骚扰电话，都是找你要钱的，你到底怎么回事？", l(rel), []string{"relay.reported"}},
	{"asks and quotes a threat", "爸：你是不是欠了人家钱？家里电话都快被打爆了", l(rel), []string{"relay.asking"}},
	{"a sum in 块", "姐，有人打电话到我这，说你借了他们平台两千块，一直联系不上你。", l(rel), []string{"relay.said"}},
	{"the landline rings", "妈妈说今天家里座机一直响，都是找你要债的，你怎么回事？", l(rel), []string{"relay.collector"}},
	{"the uncle was called", "儿子，你借的那个什么贷，人家打电话给你舅舅了。", l(rel), []string{"relay.family_called"}},
	{"quotes a name-calling", "刚才有个女的在电话里骂你，说你是骗子，欠钱不还，我听着都生气。", l(rel), []string{"relay.said"}},
	{"mum took the call", "咱妈今天接了一个催债的电话，吓哭了。", l(rel), []string{"relay.collector"}},
	{"posted in the estate's group", "你快看看吧，有人把你的借款信息发到我们小区群里了。", l(rel), []string{"relay.reported"}},
	{"posted online", "我同学说你的照片被人发在贴吧上，说你借钱不还。", l(rel), []string{"relay.said"}},
	{"at the friend's", "你朋友小王说催收的人打电话到他那里了。", l(rel), []string{"relay.collector"}},
	{"the aunt named as the contact", "你舅妈说有人打电话给她，说她是你的紧急联系人。", l(rel), []string{"relay.reported"}},
	{"two at the door", "家里今天来了两个催债的，说你再不还就天天来。", l(rel), []string{"relay.collector"}},
	{"the ex-wife", "你前妻说有人打她电话找你要账。", l(rel), []string{"relay.reported"}},
	{"named as the contact", "爸爸，有人说我是你的联系人，打电话问你的欠款什么时候还。", l(rel), []string{"relay.reported"}},

	// Near misses.
	{"insurance sales", "有人打电话给我推销保险，烦死了", nil, nil},
	{"collector says call me", "我是速借花催收专员，请尽快联系我，你欠款的事有人打电话给我们说过", l(coll), nil},
	{"collector says don't", "别跟我说你没钱，欠款今天必须处理", l(coll), nil},
	{"collector called the mother", "我们打给你妈，她说你借的钱她不管，你自己看着办", l(coll, cx), nil},
	{"collector called the contact", "刚才打给你的紧急联系人了，他说你在外地打工，欠款什么时候还？", l(coll, cx), nil},
	{"only asking", "你是不是在外面借钱了？最近看你压力好大", nil, nil},
}

var loanCases = []labelCase{
	{"disbursed", "【速借花】您申请的借款5000.00元已放款至尾号6789的银行卡，请注意查收。",
		l(loan, svc), []string{"loan.disbursed", "service.lender_notice"}},
	{"paid out", "【米粒贷】放款成功，借款3000元已到账", l(loan), []string{"loan.disbursed"}},
	{"approved", "【米粒贷】恭喜，您的借款申请已通过审核，借款额度8000元。", l(loan, svc), []string{"loan.approved"}},
	{"applied", "【好借易】您的借款申请正在审核中，请耐心等待。", l(loan, svc), []string{"loan.applied"}},
	{"approved, paid today", "【易花钱】您的借款5,000元已审核通过，预计今日内到账。", l(loan, svc), []string{"loan.approved"}},
	{"a withdrawal", "【好易借】您的提现申请已通过，资金已打入您尾号2234的银行卡。", l(loan, svc), []string{"loan.applied", "service.lender_notice"}},
	{"paid off in full", "【有钱花】您的借款已全部还清，您的信用额度已恢复。", l(loan, svc), []string{"loan.repaid"}},
	{"not approved on the score", "【有钱花】您的借款申请因综合评分不足未获通过。", l(loan, svc), []string{"loan.applied"}},
	{"an extension", "【有钱花】您的展期已生效，新的到期日为03月01日。", l(loan, svc), []string{"loan.applied"}},
	{"a limit to draw", "【闪电借】恭喜您获得借款额度8,000元，现已可提现至银行卡。", l(loan, svc), []string{"loan.approved"}},
	{"rejected", "【快银】很遗憾，您的借款申请未能通过，请保持良好信用后再试。", l(loan, svc), []string{"loan.applied"}},
	{"due tomorrow", "【速借花】您的借款将于明天到期，应还1050.00元，请提前做好还款准备。", l(loan, svc), []string{"loan.due"}},
	{"overdue notice", "【米粒贷】您的借款已逾期5天，逾期将产生罚息，请及时还款。", l(coll, loan, svc), []string{"loan.overdue", "collection.formal_overdue"}},
	{"overdue bill", "【米粒贷】您的账单已逾期1天，逾期将产生罚息并上报征信，请尽快处理", l(coll, loan, svc), []string{"loan.overdue"}},
	{"repaid", "【速借花】您已成功还款1050.00元，本期借款已结清。", l(loan, svc), []string{"loan.repaid"}},
	{"dodged", "您的借款已yu期3天", l(loan), []string{"loan.overdue"}},

	// Near misses.
	{"membership expires", "【某某商城】您的会员即将到期，续费立享8折", l(spam), nil},
	{"wallet withdrawal", "提现成功，已转入您的支付宝余额", nil, nil},
	{"plan expires", "【中国移动】您的话费套餐将于本月底到期", l(svc), nil},
	{"gym card", "【星光健身】您的会员卡已逾期，续费享8折，回T退订", l(spam), nil},
	{"a visa", "我的签证快逾期了，得赶紧去续", nil, nil},
	{"the boss's petty cash", "老板说再不还公司的备用金就要扣工资了", nil, nil},
	{"a firm's payment notice", "我们公司的催款通知写好了，你帮我看看", nil, nil},
	{"a witness in court", "明天法院开庭，我是证人，紧张死了", nil, nil},
	{"a friend's order", "我在网上买的东西还没发货，烦死了", nil, nil},
	{"the mother's number", "你妈的手机号发我，我给她寄点特产", nil, nil},
	{"a birthday", "你要是敢忘了我生日，你就等着瞧", nil, nil},
	{"someone else's debtor", "他要是再不还钱，我就去他家找他", nil, nil},
	{"paid off", "我的网贷已经全部还清了，以后再也不借了", nil, nil},
	{"a firm chases its client", "公司在追讨客户的欠款，我这周要出差", nil, nil},
	{"a colleague's scam", "同事说有人冒充法院给他发短信，让他还钱，是诈骗吧？", nil, nil},
	{"a mortgage came through", "我的贷款已经到账了，可以买房了", nil, nil},
	{"a father's loan", "我爸的贷款下个月到期，我得帮他还一点", nil, nil},
	{"a collector's overdue talk", "你在闪贷宝的借款已经逾期12天了，今天能处理吗？", l(coll), nil},
	{"mortgage", "【工商银行】您的住房贷款本月扣款4,200.00元成功，贷款余额35.6万元。", l(svc), nil},
}

var spamCases = []labelCase{
	{"promotion", "【优品汇】春季大促，全场低至5折，满200减30，点击 t.cn/A6xYz 抢购，退订回T",
		l(spam), []string{"spam.promo", "spam.unsubscribe"}},
	{"reply R to refuse", "【某某健身】本周会员日私教课免费体验，拒收请回复R", l(spam), []string{"spam.reject_reply", "spam.promo"}},
	{"loan ad", "【闪电借】您有一笔最高50000元的借款额度待领取，日息低至0.02%，戳 dwz.cn/abc 立即领取，回T退订",
		l(spam), []string{"spam.loan_ad", "spam.unsubscribe"}},
	{"loans for anyone", "征信不好也能贷！黑户白户均可，3分钟下款，联系微信 dk123", l(spam), []string{"spam.loan_ad"}},
	{"debt-relief ad", "专业处理网贷逾期，协商还款、停息挂账、解决催收爆通讯录，成功率高，免费咨询请加微信",
		l(spam), []string{"spam.debt_relief", "spam.debt_relief_terms"}},
	{"credit repair", "征信修复找我们，当天出结果", l(spam), []string{"spam.debt_relief_terms"}},
	{"a broker asks", "逾期了？被催收了？我们帮你解决，专业团队一对一服务，加V了解", l(spam), []string{"spam.debt_relief"}},
	{"ashore", "我的借款已经还清了，终于上岸了", nil, nil},
	{"stop-collection broker", "网贷逾期天天被催？我们团队可合法帮你停催，详情回1", l(spam), []string{"spam.stop_collection"}},
	{"collector says stop", "想停催就今天把钱还上，否则后果自负", l(coll, thr), []string{"collection.demand_debt", "threat.consequence"}},
	{"opt-out dodged", "新店开业全场8折，回 Ｔ 退 订", l(spam), []string{"spam.unsubscribe", "spam.promo"}},

	// Near misses.
	{"plan discount", "【中国联通】您本月套餐优惠已生效，详情请查询账单", l(svc), nil},
	{"pick-up with reply R", "【菜鸟驿站】您的快件已由驿站代收，取件码 5-2-1031，拒收请回复R", l(svc), nil},
}

var fraudCases = []labelCase{
	{"safe account", "您的银行账户涉嫌违法交易，请立即将资金转入安全账户配合调查", l(fraud), []string{"fraud.safe_account"}},
	{"money laundering", "这里是公安局，你的身份信息涉嫌洗钱，请配合调查不要告诉任何人",
		l(fraud, imp), []string{"fraud.money_laundering", "impersonation.police"}},
	{"police says laundering", "公安局通知你涉嫌洗钱", l(fraud, imp), []string{"fraud.money_laundering", "impersonation.police"}},
	{"refund", "您好，我是淘宝客服，您购买的商品存在质量问题，我们将为您办理双倍退款，请添加客服微信",
		l(fraud), []string{"fraud.refund"}},
	{"cancel a loan account", "【网贷注销中心】您的网贷账户存在异常，需注销，否则影响征信，请联系客服处理。", l(fraud), []string{"fraud.cancel_account"}},
	{"student loan account", "您在大学期间开通的校园贷账户未注销，将影响个人征信，请联系客服处理",
		l(fraud), []string{"fraud.cancel_account"}},
	{"paid tasks", "在家刷单，日赚300，佣金日结", l(fraud), []string{"fraud.task"}},
	{"part-time lure", "兼职打字员，日结200，有意者加微信", l(fraud), []string{"fraud.parttime"}},
	{"prize", "恭喜您被抽中为幸运用户，获得手机一部，请点击链接领取", l(fraud), []string{"fraud.prize"}},
	{"parcel", "您的包裹因地址不详无法派送，请点击 http://sf-exp.top/a1 更新地址", l(fraud), []string{"fraud.parcel"}},
	{"medical card", "【医保局】您的医保卡已被冻结，请点击链接 ybj.cc/x 解冻",
		l(fraud), []string{"fraud.medical_card", "fraud.link_urgent"}},
	{"ip link", "您的账户存在风险，请登录 http://45.12.8.77/login 核实", l(fraud), []string{"fraud.link_ip"}},
	{"urgent link", "【ETC】您的ETC卡认证已失效，将被停用，请尽快登录 etc-renzheng.com 重新认证",
		l(fraud), []string{"fraud.link_urgent"}},
	{"fake police", "我是北京市公安局民警，你涉嫌一起洗钱案件，需要把资金转到指定账户核查，务必保密",
		l(fraud, imp), []string{"fraud.official"}},
	{"code request", "我是你同学，刚才发错验证码到你手机了，麻烦把验证码发给我", l(fraud), []string{"fraud.code_request"}},
	{"erase the overdue record", "【网贷清理中心】您的逾期记录可在今日内免费消除，请添加客服微信办理，需先缴纳保证金500元。",
		l(fraud), []string{"fraud.overdue_scam"}},
	{"a record erased for a fee", "【征信管理中心】您的征信存在逾期记录，缴纳1000元即可消除，请联系客服。", l(fraud), []string{"fraud.overdue_scam"}},
	{"advance fee", "【恒达金融】您的贷款已审批通过，因银行卡号有误资金已冻结，请缴纳解冻金2000元后放款。", l(fraud), []string{"fraud.advance_fee"}},
	{"new number", "妈，我换号了，这是我新号码，急需用钱，先转3000到这张卡上。", l(fraud), []string{"fraud.new_number"}},
	{"a classmate's new number", "我是你的老同学，最近遇到点急事，能不能先借我5000块？我这是新号。", l(fraud), []string{"fraud.new_number"}},
	{"a phone in the water", "爸，我是小明，手机掉水里了，这是同学的号，急用2000块交资料费，转到这个卡上。", l(fraud), []string{"fraud.new_number"}},
	{"a lost parcel's claim", "【快递理赔】您的包裹已丢失，请添加客服QQ 123456 办理双倍赔偿。", l(fraud), []string{"fraud.refund"}},
	{"fake boss", "我是你们公司王总，我在开会不方便接电话，你先帮我转3万到这个账户。", l(fraud), []string{"fraud.fake_boss"}},
	{"sure profit", "内部消息，稳赚不赔，日收益8%，加群带你赚钱。", l(fraud), []string{"fraud.investment"}},
	{"interest refund", "您在网贷平台多收的利息可以申请退还，请添加客服处理。", l(fraud), []string{"fraud.interest_refund"}},
	{"screen share", "您的账户存在风险，请下载会议软件并打开屏幕共享，客服指导您操作。", l(fraud), []string{"fraud.screen_share"}},

	// Near misses.
	{"real refund", "【淘宝】您的退款已原路退回，请注意查收", nil, nil},
	{"anti-fraud warning", "【12381】您可能正在遭受刷单诈骗，请立即停止转账", l(svc), nil},
	{"carrier link", "【中国移动】您的积分即将清零，请登录 http://dx.10086.cn/jf 兑换", l(svc), nil},
	{"boss's meeting", "你好，我是你领导，明天上午来我办公室一趟。", nil, nil},
}

var serviceCases = []labelCase{
	{"bank", "【工商银行】您尾号1234卡3月5日转入5000.00元，余额8888.88元", l(svc), []string{"service.bank"}},
	{"balance", "您的账户于10:21支出280.00元，当前余额1520.00元", l(svc), []string{"service.bank_balance"}},
	{"carrier", "【中国移动】截至3月20日，您本月已使用通用流量12.5GB，剩余7.5GB", l(svc), []string{"service.carrier"}},
	{"delivery", "【菜鸟驿站】您的快递已到幸福小区驿站，取件码 3-2-4018", l(svc), []string{"service.delivery"}},
	{"anti-fraud", "【国家反诈中心】警惕冒充公检法诈骗，公检法机关不会通过电话办案", l(svc), []string{"service.antifraud"}},
	{"formal notice", "【米粒贷】感谢您的使用，如有疑问请致电客服", l(svc), []string{"service.notice"}},
	{"bank deposit", "【交通银行】您的定期存款将于03月30日到期，到期后自动转存。", l(svc), []string{"service.institution"}},
	{"water bill", "【东湖水务】您户号1234的水费已欠费58元，请尽快缴纳，逾期将收取滞纳金。", l(svc), []string{"service.institution"}},
	{"hospital", "【市第一人民医院】您的检查报告已出，请到自助机打印。", l(svc), []string{"service.institution"}},
	{"lender's due notice", "【快银】您的借款将于03月20日到期，应还1,050.00元，请确保还款账户余额充足。", l(loan, svc), []string{"service.lender_notice"}},
	{"takeaway delivered", "【美团】您的外卖已送达，祝您用餐愉快。", l(svc), []string{"service.app_notice"}},
	{"a flight", "【东航】您的航班MU5678将于10:30起飞，请提前办理值机。", l(svc), []string{"service.app_notice"}},
	{"police office", "【城北派出所】您的身份证已办理完毕，请携带回执到窗口领取。", l(svc), []string{"service.police_notice"}},
	{"court hearing", "【朝阳区人民法院】您的（2025）京0105民初778号案件定于4月2日开庭，请准时到庭。", l(svc), []string{"service.court_notice"}},

	// Near misses.
	{"pick-up code is not a verification code", "快递已到驿站，取件码 1234", l(svc), nil},
	{"collector's words are not a warning", "你这种诈骗分子，借钱不还就是不法分子，等着立案吧", l(coll, ins, thr), []string{"threat.lawsuit", "insult.framed"}},
	{"courier called", "快递员打电话给我说你的快递放门口了", nil, nil},
	{"a friend's parcel", "帮我取个快递呗，驿站取件码3-2-1108", nil, nil},
	{"the courier comes tomorrow", "快递员说明天上门取件", nil, nil},
	{"collector signs as the lender", "【快银】林女士，您的欠款已逾期，请今天下午3点前联系专员处理。", l(coll), nil},
	{"phishing in an office's name", "【社保中心】您的社保卡即将停用，请点击 sbk-gx.cc 更新信息。", l(fraud), nil},
}

var verificationCases = []labelCase{
	{"register", "【速借花】验证码：482913，您正在注册账号，5分钟内有效，请勿泄露", l(ver), []string{"verification.code"}},
	{"english", "Your verification code is 551203.", l(ver), []string{"verification.code"}},
	{"dynamic password", "您的动态密码为 7720 ，请勿告诉他人", l(ver), []string{"verification.code"}},
	{"full-width digits", "校验码１２３４５６，请在页面输入", l(ver), []string{"verification.code"}},
	{"code then minutes", "验证码:1234 5分钟内有效", l(ver), []string{"verification.code"}},
	{"a bank's one-time password", "【东江银行】动态密码 665544，您正在进行转账操作。", l(ver), []string{"verification.code"}},

	// Near misses.
	{"no code", "验证码已失效，请重新获取", nil, nil},
	{"phone number", "验证码已发送到13800138000", nil, nil},
}

// ordinaryMessages are personal and service messages of the kind every
// phone holds. None may carry a harassment label (collection, threat,
// contacts_exposure, insult, impersonation): they are the false positives
// that would wrongly accuse a sender.
var ordinaryMessages = []string{
	"周末有空吗？一起去爬山",
	"你到家了没？到了给我回个电话",
	"妈，这个月的生活费我已经转给你了",
	"我下个月要还房贷，手头有点紧",
	"信用卡这个月还了吗？别忘了还款日",
	"借你的钱下周还你，谢谢啊兄弟",
	"兄弟帮个忙，借我2000块，下个月发工资还你",
	"我这个月信用卡账单有点多，下个月再还你吧",
	"我帮你还了这期的分期，记得还我",
	"新年快乐！祝你全家身体健康，万事如意",
	"明天去你家拜年",
	"孩子学校明天开家长会，你去还是我去",
	"孩子上学的事你别操心了，有我在",
	"你老公公司组织旅游，你去吗",
	"你赶紧回个电话，妈妈找你有急事",
	"公司通知明天必须八点前到，不然扣钱",
	"今天必须把报告交上去，否则老板要骂人",
	"明天下午3点前把材料发我",
	"房东说这个月房租必须今天交，不然就要收回房子",
	"老婆说你再不回家就别回来了哈哈",
	"明天师傅上门安装空调",
	"你领导刚才打电话给我问你在哪",
	"你家人都挺好的，放心吧",
	"你妈让我告诉你今晚回家吃饭",
	"我已经通知你们公司的人事了，明天来面试",
	"你朋友的电话是多少？我联系一下他",
	"这个骗子公司骗了我好多钱",
	"网购遇到骗子了，气死我了",
	"你真是个小笨蛋",
	"垃圾分类从我做起",
	"通讯录里张三的电话是多少",
	"我把你的号码存到通讯录了",
	"我被起诉了，你认识律师吗",
	"我表哥在法院上班",
	"律师说这个官司我们能赢",
	"听说你们公司要裁员了？",
	"你的身份证复印件我收到了",
	"我被网贷催收搞得快崩溃了",
	"【滴滴出行】您的行程已结束，本次费用23.5元",
	"【美团】您的外卖已送达，祝您用餐愉快",
	"【12306】订单E123456789,张某您已购3月5日G101次5车6F号",
	"【京东】您的订单已发货，快递单号JD123456789，请注意查收",
	"【中国电信】您的本月账单已出，总计89.00元，请登录APP查看详情",
	"【建设银行】您的信用卡本期账单已出，最低还款额200元，到期还款日3月25日",
	"【平安银行】您尾号8888的信用卡已逾期，请尽快还款以免影响征信",
	"【工商银行】您的贷款已逾期，请尽快归还，以免影响您的信用记录",
	"【交管12123】您的机动车有1条违法记录，请及时处理",
	"【国家反诈中心】近期冒充网贷客服诈骗高发，称可注销校园贷、降低利息的都是诈骗",
	"【国家电网】您户号XXXX本月电费86.5元，请及时缴纳，逾期将产生违约金",
	"【XX燃气】您的燃气费已欠费，请于3日内缴费，否则将停气",
	"【学校】家长您好，请督促孩子按时完成作业",
	"【中国银行】您的借记卡将于2025年12月到期，新卡已寄出，请注意查收",
	"【速借花】您的借款将于3月15日到期，请确保绑定银行卡余额充足",
	"【小米】通讯录同步成功",
	"【腾讯手机管家】已为您拦截骚扰电话3个",
}

func TestOrdinaryMessagesNotHarassment(t *testing.T) {
	lb := newLabeler(t)
	for _, body := range ordinaryMessages {
		got := lb.Label(body)
		for _, label := range []leaktrail.Label{coll, thr, cx, ins, imp} {
			if got.Has(label) {
				t.Errorf("Label(%q) = %v (rules %v): ordinary message labelled %s", body, got.Labels, got.Rules, label)
			}
		}
	}
}

// caseGroups are all the tables, by rule group.
var caseGroups = []struct {
	name  string
	cases []labelCase
}{
	{"collection", collectionCases},
	{"threat", threatCases},
	{"contacts_exposure", contactsCases},
	{"insult", insultCases},
	{"impersonation", impersonationCases},
	{"relay", relayCases},
	{"loan", loanCases},
	{"spam", spamCases},
	{"fraud", fraudCases},
	{"service", serviceCases},
	{"verification", verificationCases},
}

func newLabeler(t testing.TB) *Labeler {
	t.Helper()
	l, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return l
}

func TestLabel(t *testing.T) {
	lb := newLabeler(t)
	for _, g := range caseGroups {
		t.Run(g.name, func(t *testing.T) {
			for _, tc := range g.cases {
				t.Run(tc.name, func(t *testing.T) {
					got := lb.Label(tc.body)
					if diff := cmp.Diff(tc.want, got.Labels, cmpopts.EquateEmpty()); diff != "" {
						t.Errorf("Label(%q) labels (-want +got):\n%s\nrules: %v", tc.body, diff, got.Rules)
					}
					for _, id := range tc.rules {
						if !slices.Contains(got.Rules, id) {
							t.Errorf("Label(%q): rule %s did not fire; rules: %v", tc.body, id, got.Rules)
						}
					}
				})
			}
		})
	}
}

// TestEveryRuleHasExample checks that each rule of rules.json is named by a
// case above, which TestLabel then shows to fire.
func TestEveryRuleHasExample(t *testing.T) {
	lb := newLabeler(t)
	named := make(map[string]bool)
	for _, g := range caseGroups {
		for _, tc := range g.cases {
			for _, id := range tc.rules {
				if _, ok := lb.RuleLabel(id); !ok {
					t.Errorf("case %s/%s names unknown rule %s", g.name, tc.name, id)
				}
				named[id] = true
			}
		}
	}
	for _, id := range lb.RuleIDs() {
		if !named[id] {
			t.Errorf("rule %s has no positive example", id)
		}
	}
}

func TestResultShape(t *testing.T) {
	lb := newLabeler(t)
	got := lb.Label("【速借花】你在速借花的借款已逾期15天，请今天下午5点前还款，否则后果自负！")
	want := Result{
		Labels: l(coll, thr),
		Weights: []LabelWeight{
			{coll, 0.8},
			{thr, 0.8},
		},
		Rules:     []string{"collection.deadline", "collection.demand", "collection.formal_overdue", "collection.informal_overdue", "collection.menace", "threat.consequence"},
		Platforms: []string{"速借花"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Label (-want +got):\n%s", diff)
	}
	if !got.Has(thr) || got.Has(ins) {
		t.Errorf("Has: got %v", got.Labels)
	}
	if got := lb.Label(""); len(got.Labels)+len(got.Rules)+len(got.Weights)+len(got.Platforms) != 0 {
		t.Errorf("Label(\"\") = %+v, want nothing", got)
	}
}

func TestVeto(t *testing.T) {
	lb := newLabeler(t)
	// The relay quotes a threat (起诉你) and an insult (老赖): the labels
	// are the collector's, not the relaying mother's.
	got := lb.Label("有人打电话给我说你欠了网贷，说你是老赖，要起诉你")
	if diff := cmp.Diff(l(rel), got.Labels); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	for _, id := range got.Rules {
		if lbl, _ := lb.RuleLabel(id); lbl != rel {
			t.Errorf("vetoed rule %s listed in Rules %v", id, got.Rules)
		}
	}
}

var platformCases = []struct {
	name string
	body string
	want []string
}{
	{"signature at start", "【速借花】你的借款已逾期，今天必须处理", []string{"速借花"}},
	{"signature at end", "你的欠款今天必须结清，否则后果自负。【米粒贷】", []string{"米粒贷"}},
	{"signature with spaces", "【 闪贷宝 】你的借款已逾期，马上处理", []string{"闪贷宝"}},
	{"signature with app suffix", "【金豆分期APP】你的借款已逾期，马上处理", []string{"金豆分期"}},
	{"signature and phrase", "【速借花】你在速借花的欠款已逾期", []string{"速借花"}},
	{"phrase in", "你在米粒贷的欠款今天必须还清", []string{"米粒贷"}},
	{"phrase platform", "闪贷宝平台的借款你打算什么时候还？已逾期20天", []string{"闪贷宝"}},
	{"phrase app", "你在易借通APP的借款已逾期", []string{"易借通"}},
	{"phrase overdue", "金豆分期逾期3天了，你还装不知道？", []string{"金豆分期"}},
	{"phrase overdue after 已", "好借360已逾期，请马上还款", []string{"好借360"}},
	{"phrase borrowed", "刚才有个催收打到我这，说你在速借花借了钱不还", []string{"速借花"}},
	{"amount between", "张三，你在米粒贷的3000元已经逾期45天了", []string{"米粒贷"}},
	{"amount before debt word", "你在速借花的1,050.00元借款今天必须还清", []string{"速借花"}},
	{"formal notice with 为避免", "【分期乐乐】您的分期账单今日到期，为避免逾期请及时还款", []string{"分期乐乐"}},
	{"two names", "【米粒贷】你在速借花的欠款也已逾期，马上处理", []string{"米粒贷", "速借花"}},
	{"dodged name hidden", "你在速\u200b借花的欠款已逾期", []string{"速借花"}},

	// Not platforms.
	{"bank signature", "【招商银行】您的信用卡已逾期3天，请尽快还款", nil},
	{"carrier signature", "【中国移动】您的账户已欠费，请马上充值", nil},
	{"lawyer signature", "【恒信律师事务所】你的欠款已逾期，马上处理", nil},
	{"verification only", "【速借花】验证码：482913，5分钟内有效", nil},
	{"promotion signature", "【优品汇】春季大促，全场低至5折，退订回T", nil},
	{"our company", "你在我司的借款已逾期", nil},
	{"generic overdue", "您的借款已逾期，请以免逾期影响征信", nil},
	{"debt words before overdue", "你的欠款都逾期了，马上处理", nil},
	{"count before overdue", "你已经3天逾期了，马上处理", nil},
	{"anchor needed", "你的米粒贷的借款", nil},
	{"too long", "请你马上处理掉这个拖了很久的借款已逾期的事", nil},
	{"online", "你在网上的借款已逾期，马上处理", nil},
	{"adverbs before overdue", "您好，您的信用卡已经严重逾期，马上处理", nil},
}

func TestPlatforms(t *testing.T) {
	lb := newLabeler(t)
	for _, tc := range platformCases {
		t.Run(tc.name, func(t *testing.T) {
			got := lb.Label(tc.body)
			if diff := cmp.Diff(tc.want, got.Platforms, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Label(%q) platforms (-want +got):\n%s\nlabels: %v", tc.body, diff, got.Labels)
			}
		})
	}
}

func TestReason(t *testing.T) {
	lb := newLabeler(t)
	for _, id := range lb.RuleIDs() {
		zh, en := lb.Reason(id, "zh"), lb.Reason(id, "en")
		if zh == "" || en == "" || zh == en {
			t.Errorf("Reason(%s) = %q / %q", id, zh, en)
		}
		if lb.Reason(id, "") != zh {
			t.Errorf("Reason(%s, \"\") is not Chinese", id)
		}
	}
	if got := lb.Reason("collection.overdue", "zh"); got != "" {
		t.Errorf("Reason of unknown rule = %q", got)
	}
	if got := lb.Reason("collection.collector", "en"); !strings.Contains(got, "collection") {
		t.Errorf("Reason(collection.collector, en) = %q", got)
	}
}

// minimalRule is a valid rule file with one rule; the load tests break it.
const minimalRule = `{"id": "collection.x", "label": "collection", "weight": 0.5, "when": [["逾期"]], "zh": "逾期", "en": "overdue"}`

func TestLoadErrors(t *testing.T) {
	rule := func(fields string) string {
		return `{"rules": [` + minimalRule + `, {"id": "bad.rule", "label": "collection", "weight": 0.5, "zh": "x", "en": "y", ` + fields + `}]}`
	}
	tests := []struct {
		name string
		file string
		want error
		rule string
	}{
		{"unknown label", `{"rules": [{"id": "bad.rule", "label": "harassment", "weight": 0.5, "when": [["逾期"]], "zh": "x", "en": "y"}]}`, ErrUnknownLabel, "bad.rule"},
		{"bad regexp", rule(`"when": [["re:逾期(["]]`), ErrBadPattern, "bad.rule"},
		{"bad raw regexp", rule(`"when": [["raw:a{2,1}"]]`), ErrBadPattern, "bad.rule"},
		{"duplicate id", `{"rules": [` + minimalRule + `, ` + minimalRule + `]}`, ErrDuplicateID, "collection.x"},
		{"bad id", `{"rules": [{"id": "Bad Rule", "label": "collection", "weight": 0.5, "when": [["逾期"]], "zh": "x", "en": "y"}]}`, ErrBadID, "Bad Rule"},
		{"weight zero", rule(`"when": [["逾期"]], "weight": 0`), ErrBadWeight, "bad.rule"},
		{"weight above one", rule(`"when": [["逾期"]], "weight": 1.5`), ErrBadWeight, "bad.rule"},
		{"no when", rule(`"unless": ["逾期"]`), ErrNoPattern, "bad.rule"},
		{"empty group", rule(`"when": [[]]`), ErrNoPattern, "bad.rule"},
		{"no english", `{"rules": [{"id": "bad.rule", "label": "loan", "weight": 0.5, "when": [["逾期"]], "zh": "x"}]}`, ErrNoReason, "bad.rule"},
		{"upper case pattern", rule(`"when": [["回T退订"]]`), ErrNotNormalized, "bad.rule"},
		{"spaced pattern", rule(`"when": [["逾 期"]]`), ErrNotNormalized, "bad.rule"},
		{"variant pattern", rule(`"when": [["通迅录"]]`), ErrNotNormalized, "bad.rule"},
		{"unknown set", rule(`"when": [["@nothing"]]`), ErrUnknownSet, "bad.rule"},
		{"unclosed bracket", rule(`"when": [["(你|您"]]`), ErrBadPattern, "bad.rule"},
		{"nested bracket", rule(`"when": [["((你))"]]`), ErrBadPattern, "bad.rule"},
		{"bar outside brackets", rule(`"when": [["你|您"]]`), ErrBadPattern, "bad.rule"},
		{"empty alternative", rule(`"when": [["(你|)"]]`), ErrBadPattern, "bad.rule"},
		{"unknown veto", rule(`"when": [["逾期"]], "veto": ["harassment"]`), ErrUnknownLabel, "bad.rule"},
		{"veto own label", rule(`"when": [["逾期"]], "veto": ["collection"]`), ErrVetoCycle, "bad.rule"},
		{"veto cycle", `{"rules": [` + minimalRule + `, {"id": "a.loan", "label": "loan", "weight": 0.5, "when": [["逾期"]], "zh": "x", "en": "y", "veto": ["collection"]}, {"id": "b.coll", "label": "collection", "weight": 0.5, "when": [["逾期"]], "zh": "x", "en": "y", "veto": ["loan"]}]}`, ErrVetoCycle, "b.coll"},
		{"set refers to set", `{"sets": {"a": ["@b"], "b": ["逾期"]}, "rules": [` + minimalRule + `]}`, ErrBadPattern, "set a"},
		{"unused set with a bad regexp", `{"sets": {"b": ["逾期"], "z": ["re:("]}, "rules": [` + minimalRule + `]}`, ErrBadPattern, "set z"},
		{"unused set not normalized", `{"sets": {"a": ["逾 期"]}, "rules": [` + minimalRule + `]}`, ErrNotNormalized, "set a"},
		{"signature not normalized", rule(`"when": [["sig:中國銀行"]]`), ErrNotNormalized, "bad.rule"},
		{"signature unclosed", rule(`"when": [["sig:(银行"]]`), ErrBadPattern, "bad.rule"},
		{"signature empty alternative", rule(`"when": [["sig:(银行|)"]]`), ErrBadPattern, "bad.rule"},
		{"signature in a set", `{"sets": {"a": ["sig:銀行"]}, "rules": [` + minimalRule + `]}`, ErrNotNormalized, "set a"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load([]byte(tc.file))
			if !errors.Is(err, tc.want) {
				t.Fatalf("load: got %v, want %v", err, tc.want)
			}
			var re *RuleError
			if !errors.As(err, &re) {
				t.Fatalf("load: %v is not a *RuleError", err)
			}
			if re.Rule != tc.rule {
				t.Errorf("load: error names rule %q, want %q (%v)", re.Rule, tc.rule, err)
			}
		})
	}
}

func TestLoadSyntaxErrors(t *testing.T) {
	for _, file := range []string{
		`{"rules": [`,
		`{"rules": [], "extra": 1}`,
		`{"rules": [{"id": "a", "label": "loan", "weight": 0.5, "when": [["逾期"]], "zh": "x", "en": "y", "typo": 1}]}`,
		`{"rules": []} {}`,
	} {
		if _, err := load([]byte(file)); err == nil {
			t.Errorf("load(%s): no error", file)
		}
	}
}

// TestSignaturePattern: "sig:" looks in the signature at the start or the
// end of a message only, after Normalize.
func TestSignaturePattern(t *testing.T) {
	lb, err := load([]byte(`{"rules": [{"id": "service.x", "label": "service", "weight": 0.5, "when": [["sig:(银行|医院)"]], "zh": "机构", "en": "institution"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		body string
		want bool
	}{
		{"【华信银行】您尾号1234的账户收入5000元", true},
		{"您的检查报告已出。【东江 人民医院】", true},
		{"\u200b【華信銀行】您的定期存款已到期", true},
		{"【米粒贷】您的借款已放款至尾号1234的银行卡", false},
		{"我在【华信银行】门口等你", false},
		{"【银】【行】", false},
	} {
		if got := lb.Label(tc.body).Has(svc); got != tc.want {
			t.Errorf("Label(%q) has service = %v, want %v", tc.body, got, tc.want)
		}
	}
}

func TestExpand(t *testing.T) {
	got, err := expand("(你|您)(的|)家人")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"你的家人", "你家人", "您的家人", "您家人"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("expand (-want +got):\n%s", diff)
	}
}

// TestConcurrent labels from several goroutines; run with -race.
func TestConcurrent(t *testing.T) {
	lb := newLabeler(t)
	var bodies []string
	for _, g := range caseGroups {
		for _, tc := range g.cases {
			bodies = append(bodies, tc.body)
		}
	}
	want := make([]Result, len(bodies))
	for i, b := range bodies {
		want[i] = lb.Label(b)
	}
	done := make(chan []Result)
	for range 4 {
		go func() {
			got := make([]Result, len(bodies))
			for i, b := range bodies {
				got[i] = lb.Label(b)
			}
			done <- got
		}()
	}
	for range 4 {
		if diff := cmp.Diff(want, <-done); diff != "" {
			t.Errorf("concurrent results differ (-want +got):\n%s", diff)
		}
	}
}

// benchMessages are 20 messages of the kinds a case holds, in rough
// proportion: personal, service, codes, marketing, and collection.
var benchMessages = []string{
	"晚上一起吃饭吗？我在老地方等你",
	"好的，收到，明天见",
	"妈，我周末回家，想吃红烧肉",
	"【工商银行】您尾号1234卡3月5日10:21支出(消费)280.00元，余额1520.00元。",
	"【中国移动】截至3月20日，您本月已使用通用流量12.5GB，剩余7.5GB，详情请登录APP查询。",
	"【菜鸟驿站】您的快递已到幸福小区驿站，取件码 3-2-4018，请于18:00前取件。",
	"【速借花】验证码：482913，您正在注册账号，5分钟内有效，请勿泄露。",
	"【优品汇】春季大促，全场低至5折，满200减30，点击 t.cn/A6xYz 抢购，退订回T",
	"【闪电借】您有一笔最高50000元的借款额度待领取，日息低至0.02%，戳 dwz.cn/abc 立即领取，回T退订",
	"【国家反诈中心】警惕冒充公检法诈骗，公检法机关不会通过电话办案，更不存在安全账户。",
	"【速借花】您申请的借款5000.00元已放款至尾号6789的银行卡，请注意查收。",
	"【速借花】尊敬的用户，您的借款已逾期3天，请尽快还款，以免影响您的个人征信。如已还款请忽略。",
	"【速借花】你在速借花的借款已逾期15天，请今天下午5点前还款，否则后果自负！",
	"你的欠 款已经逾-期30天了，催*收部门今天处理，再不还钱就爆你通 迅 录",
	"老赖，欠钱不还还有脸换号码？你的照片我们都有，不还款就P图发给你所有联系人",
	"已通知你的紧急联系人和你单位领导，明天我们的人上门家访，后果自负。",
	"【恒信律师事务所】关于你在米粒贷的欠款，我所已受委托向你发送律师函，三日后向法院提起诉讼。",
	"有人打电话给我说你欠钱，还说要起诉你，怎么回事？",
	"专业处理网贷逾期，协商还款、停息挂账、解决催收爆通讯录，成功率高，免费咨询请加微信",
	"您的包裹因地址不详无法派送，请点击 http://sf-exp.top/a1 更新地址",
}

func BenchmarkLabel(b *testing.B) {
	lb := newLabeler(b)
	var n int
	for _, m := range benchMessages {
		n += len(m)
	}
	b.SetBytes(int64(n / len(benchMessages)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		lb.Label(benchMessages[i%len(benchMessages)])
	}
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}
