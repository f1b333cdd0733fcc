#include "strings.hpp"

#include <array>

namespace ui {

namespace {

using kiosk::Lang;

constexpr std::array<StringRow, static_cast<std::size_t>(Str::Count_)> kRows{{
    {Str::TileRequest, "Yêu cầu giải trình", "Request an explanation"},
    {Str::TileRequestHint, "Đề nghị cơ quan nhà nước giải thích một quyết định, hành vi",
     "Ask a state body to explain a decision or an act"},
    {Str::TileStatus, "Tra cứu hồ sơ", "Check your case"},
    {Str::TileStatusHint, "Quét mã QR trên phiếu tiếp nhận hoặc nhập mã hồ sơ",
     "Scan the QR code on your receipt or type the case code"},
    {Str::TileRating, "Đánh giá mức độ hài lòng", "Rate our service"},
    {Str::TileRatingHint, "Ý kiến của bạn giúp chúng tôi phục vụ tốt hơn",
     "Your opinion helps us serve you better"},
    {Str::TileAgencies, "Thông tin cơ quan, thủ tục", "Agencies and procedures"},
    {Str::TileAgenciesHint, "Chức năng, thẩm quyền, quy trình và thời hạn giải trình",
     "Functions, competence, procedure and time limits"},
    {Str::SwitchLanguage, "English", "Tiếng Việt"},
    {Str::NetOnline, "Đã kết nối", "Online"},
    {Str::NetOffline, "Đang ngoại tuyến – %d hồ sơ chờ gửi", "Offline – %d submissions waiting"},
    {Str::NetNotConfigured, "Chưa kết nối cổng dịch vụ – %d hồ sơ chờ gửi",
     "Not connected to the portal – %d submissions waiting"},
    {Str::NetOfflineUnknownQueue, "Đang ngoại tuyến", "Offline"},
    {Str::NetNotConfiguredUnknownQueue, "Chưa kết nối cổng dịch vụ", "Not connected to the portal"},
    {Str::NetNeedsReprovisioning,
     "Máy cần cấu hình lại (kỹ thuật viên) – %d hồ sơ chờ gửi, không mất hồ sơ nào",
     "Needs re-provisioning by a technician – %d submissions waiting, none lost"},
    {Str::IdleTitle, "Bạn còn đang sử dụng không?", "Are you still there?"},
    {Str::IdleBody, "Sau %d giây, màn hình sẽ trở về trang chủ và xoá thông tin bạn đã nhập.",
     "In %d seconds the screen returns home and clears what you entered."},
    {Str::IdleStay, "Tôi vẫn đang dùng", "I am still here"},
    {Str::Back, "‹ Quay lại", "‹ Back"},
    {Str::Cancel, "Huỷ", "Cancel"},
    {Str::ComingSoon, "Chức năng này đang được hoàn thiện và sẽ có trong bản cập nhật tới.",
     "This service is being finished and arrives in the next update."},
    {Str::HomeWelcome, "Xin mời chọn dịch vụ", "Please choose a service"},
    {Str::StoreErrorTitle, "Máy đang gặp sự cố lưu trữ", "The terminal has a storage problem"},
    {Str::Next, "Tiếp tục ›", "Continue ›"},
    {Str::StepOf, "Bước %d/%d", "Step %d of %d"},
    {Str::IntroTitle, "Yêu cầu cơ quan nhà nước giải trình", "Ask a state body for an explanation"},
    {Str::IntroWho,
     "Ai được yêu cầu: người có quyền, lợi ích hợp pháp bị tác động trực tiếp bởi quyết định, hành "
     "vi của cơ quan nhà nước; người đại diện hoặc người được uỷ quyền của họ.",
     "Who may ask: a person whose lawful rights or interests are directly affected by a decision "
     "or act of a state body, or their representative or authorised person."},
    {Str::IntroWhat,
     "Cơ quan sẽ giải thích: căn cứ pháp lý, thẩm quyền, trình tự, thủ tục và nội dung của quyết "
     "định, hành vi đó.",
     "The body will explain the decision's or act's legal basis, competence, procedure and "
     "content."},
    {Str::IntroOutOfScope,
     "Không thuộc phạm vi giải trình: bí mật nhà nước; đời tư, bí mật cá nhân, bí mật kinh doanh; "
     "chỉ đạo nội bộ chưa ban hành; chỉ đạo của cấp trên với cấp dưới.",
     "Not covered: state secrets; private life, personal or business secrets; internal direction "
     "not yet issued; direction from a higher to a lower body."},
    {Str::IntroDeadlines,
     "Thời hạn: cơ quan thông báo tiếp nhận trong 5 ngày làm việc và giải trình trong 15 ngày kể "
     "từ ngày thông báo tiếp nhận.",
     "Time limits: the body confirms receipt within 5 working days and explains within 15 days of "
     "that notice."},
    {Str::IntroPrepare,
     "Bạn cần: họ tên, địa chỉ, số điện thoại (hoặc địa chỉ nhận thư) và chữ ký trên màn hình. Mất "
     "khoảng 5–10 phút.",
     "You will need: your name, address, phone number (or a mailing address) and a signature on "
     "the screen. It takes about 5–10 minutes."},
    {Str::ChooseAgency, "Bạn muốn yêu cầu cơ quan nào giải trình?", "Which body should explain?"},
    {Str::ChooseField, "Thuộc lĩnh vực nào?", "Which field is it about?"},
    {Str::DecisionTitle, "Quyết định, hành vi cần giải trình", "The decision or act to explain"},
    {Str::DecisionNumber, "Số văn bản (nếu biết), ví dụ 125/QĐ-UBND",
     "Document number (if known), e.g. 125/QĐ-UBND"},
    {Str::DecisionDate, "Ngày ban hành (nếu biết), dd/mm/yyyy",
     "Date issued (if known), dd/mm/yyyy"},
    {Str::Impact, "Quyết định, hành vi đó ảnh hưởng đến bạn thế nào?", "How does it affect you?"},
    {Str::AspectsLabel,
     "Bạn muốn được giải thích về (chọn một hoặc nhiều):", "Explain to me (choose one or more):"},
    {Str::AspectLegalBasis, "Căn cứ pháp lý", "Legal basis"},
    {Str::AspectCompetence, "Thẩm quyền", "Competence"},
    {Str::AspectProcedure, "Trình tự, thủ tục", "Procedure"},
    {Str::AspectContent, "Nội dung", "Content"},
    {Str::QuestionTitle, "Nội dung yêu cầu giải trình", "Your question"},
    {Str::QuestionLabel, "Viết câu hỏi bằng lời của bạn", "Write your question in your own words"},
    {Str::CharCount, "%d/%d ký tự", "%d/%d characters"},
    {Str::LimitReached, "Đã đủ số ký tự tối đa, không nhập thêm được.",
     "The box is full; no more characters fit."},
    {Str::StandingTitle, "Bạn gửi yêu cầu với tư cách nào?", "On whose behalf are you asking?"},
    {Str::StandingSelf, "Cho bản thân tôi", "For myself"},
    {Str::StandingAuthorised, "Được người khác uỷ quyền", "Authorised by someone"},
    {Str::StandingRepresenting, "Đại diện cho nhiều người", "Representing several people"},
    {Str::PrincipalName, "Họ tên người uỷ quyền", "Name of the person who authorised you"},
    {Str::PeopleCount, "Số người bạn đại diện", "How many people you represent"},
    {Str::RepresentingNote, "Vui lòng mang văn bản cử người đại diện đến quầy tiếp nhận.",
     "Please bring the written appointment of the representative to the counter."},
    {Str::AuthorisedNote, "Vui lòng mang giấy uỷ quyền đến quầy tiếp nhận.",
     "Please bring the letter of authorisation to the counter."},
    {Str::PersonalTitle, "Thông tin người yêu cầu", "About you"},
    {Str::FullName, "Họ và tên *", "Full name *"},
    {Str::Address, "Địa chỉ *", "Address *"},
    {Str::Phone, "Số điện thoại di động", "Mobile phone"},
    {Str::MailingAddress, "Hoặc địa chỉ nhận thư (nếu không có điện thoại)",
     "Or a mailing address (if no phone)"},
    {Str::Cccd, "Số CCCD (không bắt buộc)", "Citizen ID number (optional)"},
    {Str::Email, "Email (không bắt buộc)", "Email (optional)"},
    {Str::ConsentTitle, "Đồng ý xử lý dữ liệu cá nhân", "Consent to process personal data"},
    {Str::ConsentBody,
     "Theo Nghị định 13/2023/NĐ-CP, chúng tôi cho bạn biết:\n• Thu thập: họ tên, địa chỉ, số điện "
     "thoại hoặc địa chỉ nhận thư, chữ ký; CCCD và email nếu bạn nhập.\n• Mục đích: chỉ để cơ quan "
     "tiếp nhận, trả lời yêu cầu giải trình và liên hệ với bạn.\n• Trên máy này: dữ liệu được mã "
     "hoá ngay, máy không đọc lại được; dữ liệu bị xoá khỏi máy ngay khi cổng dịch vụ xác nhận đã "
     "nhận.\n• Bạn có quyền xem, sửa, yêu cầu xoá dữ liệu của mình tại cơ quan tiếp nhận.",
     "Under Decree 13/2023/NĐ-CP we tell you:\n• Collected: your name, address, phone number or "
     "mailing address, signature; citizen ID and email if you give them.\n• Purpose: only for the "
     "body to receive and answer your request and to contact you.\n• On this terminal: the data is "
     "encrypted at once and the terminal cannot read it back; it is deleted from the terminal as "
     "soon as the portal confirms receipt.\n• You may see, correct or ask to delete your data at "
     "the receiving body."},
    {Str::ConsentAgree, "Tôi đồng ý", "I agree"},
    {Str::ConsentDisagree, "Không đồng ý", "I do not agree"},
    {Str::ConsentNeeded,
     "Máy chỉ gửi được yêu cầu khi bạn đồng ý. Bạn vẫn có thể nộp yêu cầu bằng văn bản tại quầy "
     "tiếp nhận.",
     "The terminal can send your request only with your consent. You can still hand in a written "
     "request at the counter."},
    {Str::SignatureTitle, "Ký tên", "Signature"},
    {Str::SignatureHint, "Dùng ngón tay ký vào khung dưới đây.",
     "Sign in the box below with your finger."},
    {Str::SignatureClear, "Ký lại", "Sign again"},
    {Str::SignatureNeeded, "Cần có chữ ký của bạn.", "Your signature is needed."},
    {Str::ReviewTitle, "Kiểm tra lại trước khi gửi", "Check before sending"},
    {Str::Edit, "Sửa", "Edit"},
    {Str::ReviewAgency, "Cơ quan, lĩnh vực", "Body and field"},
    {Str::ReviewDecision, "Quyết định, hành vi", "Decision or act"},
    {Str::ReviewQuestion, "Nội dung", "Question"},
    {Str::ReviewStanding, "Tư cách", "On whose behalf"},
    {Str::ReviewPersonal, "Người yêu cầu", "Requester"},
    {Str::ReviewSignature, "Chữ ký", "Signature"},
    {Str::ReviewSigned, "Đã ký", "Signed"},
    {Str::Submit, "Gửi yêu cầu", "Send request"},
    {Str::Submitting, "Đang lưu yêu cầu…", "Saving your request…"},
    {Str::SubmitFailed, "Chưa lưu được yêu cầu. Thông tin bạn nhập vẫn còn, bạn có thể thử lại.",
     "Your request could not be saved. What you entered is kept; you can try again."},
    {Str::ReceiptTitle, "Đã tiếp nhận yêu cầu", "Request received"},
    {Str::ReceiptCode, "Mã hồ sơ", "Case code"},
    {Str::ReceiptToken, "Mã tra cứu", "Lookup code"},
    {Str::ReceiptReceivedAt, "Tiếp nhận lúc %s tại máy %s", "Received at %s on terminal %s"},
    {Str::ReceiptAcceptanceDue, "Hạn thông báo tiếp nhận: %s", "Acceptance notice due: %s"},
    {Str::ReceiptAnswerDue, "Hạn giải trình dự kiến: %s", "Explanation expected by: %s"},
    {Str::ReceiptNext,
     "Tiếp theo: cơ quan sẽ liên hệ với bạn. Quét mã QR này bằng điện thoại hoặc tại máy (mục "
     "\"Tra cứu hồ sơ\") để xem tiến độ. Hãy chụp ảnh hoặc ghi lại mã hồ sơ và mã tra cứu.",
     "Next: the body will contact you. Scan this QR code with a phone or at this terminal (\"Check "
     "your case\") to follow progress. Take a photo or write down the case code and lookup code."},
    {Str::ReceiptRate, "Đánh giá dịch vụ", "Rate the service"},
    {Str::Done, "Về trang chủ", "Back to home"},
    {Str::RatingTitle, "Bạn có hài lòng với dịch vụ hôm nay không?",
     "Are you satisfied with today's service?"},
    {Str::Rating4, "Rất hài lòng", "Very satisfied"},
    {Str::Rating3, "Hài lòng", "Satisfied"},
    {Str::Rating2, "Chưa hài lòng", "Not quite satisfied"},
    {Str::Rating1, "Không hài lòng", "Dissatisfied"},
    {Str::RatingComment, "Góp ý thêm (không bắt buộc)", "Comments (optional)"},
    {Str::RatingSubmit, "Gửi đánh giá", "Send rating"},
    {Str::RatingNeeded, "Xin chọn một mức.", "Please choose a level."},
    {Str::RatingThanks, "Cảm ơn bạn đã đánh giá!", "Thank you for your rating!"},
    {Str::RatingThanksBody, "Ý kiến của bạn được gửi đến cơ quan để cải thiện chất lượng phục vụ.",
     "Your opinion goes to the agency to improve its service."},
    {Str::AgenciesTitle, "Thông tin cơ quan, thủ tục", "Agencies and procedures"},
    {Str::AgenciesProcedure, "Thủ tục yêu cầu giải trình", "How a request for explanation works"},
    {Str::AgenciesList, "Chọn cơ quan để xem chức năng, thẩm quyền và liên hệ:",
     "Choose a body to read its functions, competence and contact:"},
    {Str::AgencyFunctions, "Chức năng, nhiệm vụ", "Functions"},
    {Str::AgencyCompetence, "Thẩm quyền giải trình", "Competence to explain"},
    {Str::AgencyContact, "Liên hệ", "Contact"},
    {Str::AgencyFields, "Lĩnh vực tiếp nhận", "Fields"},
    {Str::AgencyHours, "Giờ làm việc", "Office hours"},
    {Str::NoCatalog, "Chưa có danh mục cơ quan. Xin vui lòng báo cán bộ tại quầy.",
     "No list of bodies yet. Please tell the staff at the counter."},
    {Str::KeyHide, "Xong", "Done"},
    {Str::KeySpace, "dấu cách", "space"},
    {Str::ProblemRequired, "Xin điền mục này.", "Please fill this in."},
    {Str::ProblemCccd, "Số CCCD gồm đúng 12 chữ số.", "A citizen ID number has exactly 12 digits."},
    {Str::ProblemPhone, "Số di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09 (hoặc +84).",
     "A mobile number has 10 digits starting 03, 05, 07, 08 or 09 (or +84)."},
    {Str::ProblemNameLetters, "Họ tên chỉ gồm chữ cái và dấu cách.",
     "A name holds letters and spaces only."},
    {Str::ProblemTooShort, "Nội dung quá ngắn, xin viết rõ hơn.",
     "Too short; please say a little more."},
    {Str::ProblemTooLong, "Nội dung dài quá mức cho phép.", "Longer than allowed."},
    {Str::ProblemEmail, "Địa chỉ email chưa đúng, ví dụ: ten@gmail.com",
     "Not an email address, e.g. name@gmail.com"},
    {Str::ProblemDate, "Ngày chưa đúng, ví dụ: 05/02/2026", "Not a date, e.g. 05/02/2026"},
    {Str::ProblemPeople, "Từ 2 đến 1000 người.", "From 2 to 1000 people."},
    {Str::ProblemContact, "Cần số điện thoại hoặc địa chỉ nhận thư để cơ quan liên hệ.",
     "A phone number or a mailing address is needed so the body can reach you."},
    {Str::ProblemChoose, "Xin chọn một mục.", "Please choose one."},
    {Str::ProblemAspects, "Xin chọn ít nhất một nội dung.", "Please choose at least one."},
    {Str::WarnCccdProvince,
     "Ba số đầu không phải mã tỉnh (001–096). Xin kiểm tra lại; bấm Tiếp tục nếu đúng.",
     "The first three digits are not a province code (001–096). Please check; press Continue if it "
     "is right."},
    {Str::WarnCccdCentury, "Chữ số thứ tư thường là 0–3. Xin kiểm tra lại; bấm Tiếp tục nếu đúng.",
     "The fourth digit is usually 0–3. Please check; press Continue if it is right."},
    {Str::WarnCccdBirthYear,
     "Năm sinh trong số CCCD chưa tới. Xin kiểm tra lại; bấm Tiếp tục nếu đúng.",
     "The birth year in the number lies in the future. Please check; press Continue if it is "
     "right."},
    {Str::KeyShift, "Chữ hoa", "Shift"},
    {Str::KeyBackspace, "Xoá", "Delete"},
    {Str::PagePrev, "‹ Trang trước", "‹ Previous"},
    {Str::PageNext, "Trang sau ›", "Next page ›"},
    {Str::PageOf, "Trang %d/%d", "Page %d of %d"},
    {Str::StatusScanTitle, "Đưa mã QR trên phiếu tiếp nhận vào máy quét",
     "Hold the QR code on your receipt under the scanner"},
    {Str::StatusScanHint, "Máy quét ở phía dưới màn hình. Giữ phiếu yên khoảng một giây.",
     "The scanner is below the screen. Hold the receipt still for a second."},
    {Str::StatusOrType, "Hoặc nhập mã hồ sơ và mã tra cứu in trên phiếu",
     "Or type the case code and the lookup code printed on the receipt"},
    {Str::StatusCodeLabel, "Mã hồ sơ (ví dụ VL01-261125-0001)",
     "Case code (e.g. VL01-261125-0001)"},
    {Str::StatusTokenLabel, "Mã tra cứu (8 ký tự), hoặc 4 số cuối điện thoại đã khai",
     "Lookup code (8 characters), or the last 4 digits of the phone you gave"},
    {Str::StatusLookup, "Tra cứu", "Look up"},
    {Str::StatusLookingUp, "Đang tra cứu…", "Looking up…"},
    {Str::StatusNotFound,
     "Không tìm thấy hồ sơ với mã này. Xin kiểm tra lại mã hồ sơ và mã tra cứu trên phiếu.",
     "No case with this code. Please check the case code and the lookup code on the receipt."},
    {Str::StatusUnreachable,
     "Máy chưa kết nối được với cổng dịch vụ và chưa có thông tin về hồ sơ này. Xin thử lại sau "
     "hoặc hỏi cán bộ tại quầy.",
     "The terminal cannot reach the portal and knows nothing yet about this case. Please try again "
     "later or ask at the counter."},
    {Str::StatusTooManyTries,
     "Đã nhập sai quá nhiều lần. Xin thử lại sau một giờ, hoặc dùng mã tra cứu in trên phiếu.",
     "Too many wrong tries. Please try again in an hour, or use the lookup code on the receipt."},
    {Str::StatusCaseCode, "Hồ sơ %s", "Case %s"},
    {Str::StatusNow, "Tình trạng mới nhất từ cổng dịch vụ", "Latest status from the portal"},
    {Str::StatusFromCache, "Máy đang ngoại tuyến – thông tin cập nhật lúc %s",
     "The terminal is offline – information as of %s"},
    {Str::StatusQueued, "Đã tiếp nhận tại máy, chờ gửi đến cơ quan",
     "Received at this terminal, waiting to be sent to the body"},
    {Str::StatusAcceptanceDue, "Hạn thông báo tiếp nhận: %s", "Acceptance notice due: %s"},
    {Str::StatusAnswerDue, "Hạn giải trình: %s", "Explanation due: %s"},
    {Str::StatusDaysLeft, "còn %d ngày làm việc", "%d working days left"},
    {Str::StatusOverdue, "quá hạn %d ngày", "%d days overdue"},
    {Str::StatusDueToday, "hết hạn hôm nay", "due today"},
    {Str::StatusHistory, "Quá trình xử lý", "History"},
    {Str::StatusAnswer, "Nội dung giải trình (tóm tắt)", "The explanation (summary)"},
    {Str::StatusDocument,
     "Văn bản giải trình được gửi theo địa chỉ ông/bà đã khai; có thể nhận bản in tại quầy.",
     "The written explanation is sent to the address you gave; a printed copy is at the counter."},
    {Str::StatusDisagree,
     "Nếu không đồng ý với kết quả, ông/bà có quyền khiếu nại, tố cáo theo quy định của pháp luật. "
     "Cán bộ tại quầy sẽ hướng dẫn.",
     "If you disagree with the outcome, you may file a complaint or denunciation under the law. "
     "Staff at the counter will guide you."},
    {Str::StatusAnother, "Tra cứu hồ sơ khác", "Look up another case"},
    {Str::StatusHome, "Về trang chủ", "Home"},
    {Str::StatusNextQueued,
     "Tiếp theo: máy sẽ gửi hồ sơ ngay khi có kết nối. Ông/bà không cần làm gì thêm.",
     "Next: the terminal sends the case as soon as it is online. Nothing more to do."},
    {Str::StatusNextReceived,
     "Tiếp theo: cơ quan thông báo tiếp nhận hoặc từ chối (có lý do) trong 5 ngày làm việc.",
     "Next: the body accepts the request, or refuses it with reasons, within 5 working days."},
    {Str::StatusNextAccepted, "Tiếp theo: cơ quan gửi văn bản giải trình trước hạn dưới đây.",
     "Next: the body sends its written explanation before the date below."},
    {Str::StatusNextSupplement,
     "Tiếp theo: xin bổ sung thông tin như cơ quan đề nghị, tại quầy hoặc theo hướng dẫn.",
     "Next: please supply what the body asked for, at the counter or as instructed."},
    {Str::StatusNextAnswered, "Cơ quan đã trả lời. Nội dung tóm tắt ở dưới.",
     "The body has answered. The summary is below."},
    {Str::StatusNextClosed, "Việc giải trình đã kết thúc.", "The explanation process has ended."},
    {Str::PublicTitle, "Giải trình đã công khai", "Published explanations"},
    {Str::PublicIntro,
     "Các cơ quan công khai nội dung giải trình để mọi người cùng biết (Chỉ thị 53-CT/TW). Không "
     "có thông tin cá nhân của người yêu cầu.",
     "Bodies publish their explanations for everyone to read (Directive 53-CT/TW). No personal "
     "data of the requesters is shown."},
    {Str::PublicNone, "Chưa có nội dung giải trình nào được công khai trên máy này.",
     "No published explanations have reached this terminal yet."},
    {Str::PublicQuestion, "Hỏi:", "Question:"},
    {Str::PublicAnswerLabel, "Trả lời:", "Answer:"},
    {Str::PublicOpen, "Xem các giải trình đã công khai", "Read published explanations"},
}};

constexpr std::array<const char*, 7> kWeekdaysVi{"Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư",
                                                 "Thứ Năm",  "Thứ Sáu", "Thứ Bảy"};
constexpr std::array<const char*, 7> kWeekdaysEn{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                 "Thursday", "Friday", "Saturday"};

constexpr bool rows_in_order() {
  for (std::size_t i = 0; i < kRows.size(); ++i)
    if (static_cast<std::size_t>(kRows[i].id) != i) return false;
  return true;
}
static_assert(rows_in_order(), "kRows must list every Str once, in enum order");

}  // namespace

const char* tr(Str id, Lang lang) {
  const StringRow& row = kRows[static_cast<std::size_t>(id)];
  return lang == Lang::Vi ? row.vi : row.en;
}

std::span<const StringRow> all_strings() {
  return kRows;
}

const char* weekday_name(int weekday, Lang lang) {
  const auto i = static_cast<std::size_t>(((weekday % 7) + 7) % 7);
  return lang == Lang::Vi ? kWeekdaysVi[i] : kWeekdaysEn[i];
}

}  // namespace ui
