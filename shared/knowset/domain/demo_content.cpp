#include "knowset/domain/demo_content.hpp"

namespace knowset::domain::demo {

const std::vector<CategoryEntry>& categories() {
    static const std::vector<CategoryEntry> kCategories{
        {"Billing and payments", -1, "Bills, payments, refunds and price changes."},                   // 0
        {"Understanding your bill", 0, "What each line of the monthly bill means."},                   // 1
        {"Direct debit and payment methods", 0, "Setting up and changing how customers pay."},         // 2
        {"Refunds and credits", 0, "When money goes back to the customer and how long it takes."},     // 3
        {"Price changes", 0, "The yearly price change and what customers can do about it."},           // 4
        {"Account and security", -1, "Signing in, passwords and who may act on an account."},          // 5
        {"Passwords and sign-in", 5, "Forgotten passwords, locked accounts and two-step sign-in."},    // 6
        {"Identity checks", 5, "How we confirm we are speaking to the account holder."},               // 7
        {"Account holders and authority", 5, "Adding people who may manage an account."},              // 8
        {"Broadband faults", -1, "When the connection is slow, unstable or down."},                    // 9
        {"Slow speeds", 9, "Speeds below what the customer's plan promises."},                         // 10
        {"Connection dropping", 9, "Connections that drop out and come back."},                        // 11
        {"Area outages", 9, "Faults that affect a whole street, exchange or town."},                   // 12
        {"Equipment and Wi-Fi", -1, "The router, boosters and wireless coverage at home."},            // 13
        {"Router setup", 13, "Connecting and configuring the Tidewater router."},                      // 14
        {"Router lights explained", 14, "What the lights on the front of the router say."},            // 15
        {"Factory reset", 14, "Putting the router back to how it left the factory."},                  // 16
        {"Wi-Fi coverage and boosters", 13, "Getting a good signal in every room."},                   // 17
        {"Moving and changes", -1, "Moving home, changing plan and leaving."},                         // 18
        {"Moving home", 18, "Taking the service to a new address."},                                   // 19
        {"Upgrades and downgrades", 18, "Changing to a faster or cheaper plan."},                      // 20
        {"Cancelling and leaving", 18, "Ending a contract, notice periods and returning equipment."},  // 21
        {"Orders and installation", -1, "New services, orders and engineer visits."},                  // 22
        {"New connections", 22, "Getting connected at an address for the first time."},                // 23
        {"Engineer visits", 22, "Appointments at the customer's home."},                               // 24
        {"Missed appointments", 24, "When an engineer does not arrive as booked."},                    // 25
        {"Preparing for an engineer visit", 24, "What the customer should have ready."},               // 26
        {"TV and phone", -1, "The TV box, channels, the home phone and mobile add-ons."},              // 27
        {"TV box and channels", 27, "Setting up the TV box, channel packs and recordings."},           // 28
        {"Home phone and calls", 27, "Landline calls, call barring and nuisance calls."},              // 29
        {"eSIM and mobile add-ons", 27, "Mobile SIMs and eSIMs added to a broadband account."},        // 30
        {"Complaints and extra help", -1, "Complaints, compensation and customers who need support."}, // 31
        {"Making a complaint", 31, "How a complaint is logged, handled and escalated."},               // 32
        {"Compensation", 31, "Automatic and goodwill compensation."},                                  // 33
        {"Extra help and accessibility", 31, "Large print, relay calls, priority repairs and more."},  // 34
    };
    return kCategories;
}

const std::vector<Topic>& topics() {
    static const std::vector<Topic> kTopics{
        {.category = 1,
         .titles = {"Reading your monthly bill line by line", "Why is my bill higher than last month?",
                    "Part-month charges after a plan change", "Getting a paper bill or a bill in large print",
                    "Where to find your account number on the bill"},
         .facts =
             {"The first bill after joining is usually higher because it covers part of the first month "
              "as well as the month ahead.",
              "Call charges, pay-per-view rentals and late payment fees appear under Other charges, with the "
              "date and time of each item.",
              "Customers can download every bill from the last two years in the Tidewater app under Account, "
              "then Bills.",
              "A paper bill costs nothing for customers who are registered for extra help or who do not use "
              "the internet."},
         .steps = {"Open the latest bill in the Tidewater app or on the agent desktop.",
                   "Compare the plan charge with the price the customer agreed when they signed up.",
                   "Check Other charges for calls, rentals or late payment fees.",
                   "Explain any part-month charge and note the explanation on the account."},
         .tags = {"bill", "charges", "invoice", "payment"},
         .products = {},
         .customerWords = {"My bill is higher than last month and I don't understand why",
                           "There's a charge on my bill I don't recognise",
                           "Why am I paying for two months on this bill?",
                           "I can't find my bill anywhere in the app",
                           "I'd like my bill sent by post please"},
         .summary = "Bill query",
         .keyMessages = {3, 7},
         .weight = 10,
         .escalateTo = "Billing specialists"},
        {.category = 2,
         .titles = {"Setting up a direct debit", "Changing the bank account for your direct debit",
                    "What happens when a direct debit payment fails",
                    "Paying by card instead of direct debit", "Moving your payment date"},
         .facts =
             {"A new direct debit takes up to ten working days to start; the first payment date is shown in "
              "the confirmation e-mail.",
              "If a direct debit payment fails we try again seven days later and send a reminder by e-mail "
              "and text message.",
              "Customers can move their payment date once every six months, to any day between the 1st and "
              "the 28th.",
              "Card payments can be made in the Tidewater app, on the automated payment line or with an "
              "agent."},
         .steps = {"Confirm the identity of the account holder before talking about bank details.",
                   "Take the new sort code and account number, reading them back to the customer.",
                   "Read the direct debit guarantee wording from the key message.",
                   "Send the confirmation e-mail and tell the customer the date of the first payment."},
         .tags = {"direct debit", "payment", "bank", "card"},
         .products = {},
         .customerWords = {"I've changed banks and need to update my direct debit",
                           "My direct debit failed and now there's a late fee",
                           "Can I change the date my payment goes out?",
                           "I want to pay by card this month instead of direct debit",
                           "You took the money twice this month"},
         .summary = "Direct debit change",
         .keyMessages = {0, 7},
         .weight = 7,
         .escalateTo = "Billing specialists"},
        {.category = 3,
         .titles = {"How long does a refund take?", "Refunding an overpayment",
                    "Credits for a service that was not provided", "Refunds after cancelling within 14 days",
                    "Checking the status of a refund"},
         .facts =
             {"Refunds go back to the card or bank account the customer paid from and arrive within five "
              "working days.",
              "A credit reduces the next bill; a refund sends money back now. Offer the refund when the "
              "account is in credit by more than ten pounds.",
              "Customers who cancel within 14 days of ordering get back everything they paid, including "
              "delivery.",
              "The refund reference appears on the account under Payments and can be read out to the "
              "customer."},
         .steps = {"Check the account balance and the payments received.",
                   "Confirm where the refund will go: the original card or the bank account on file.",
                   "Raise the refund and give the customer its reference.",
                   "Tell the customer it arrives within five working days."},
         .tags = {"refund", "credit", "overpayment", "money back"},
         .products = {},
         .customerWords = {"I was promised a refund two weeks ago and it still hasn't arrived",
                           "I've paid twice and want my money back", "Where is my refund?",
                           "I cancelled within the 14 days so I should get a full refund",
                           "Can you put the credit back on my card?"},
         .summary = "Refund request",
         .keyMessages = {2},
         .weight = 6,
         .escalateTo = "Billing specialists"},
        {.category = 4,
         .titles = {"The yearly price change explained", "Can I leave because of the price change?",
                    "How the new monthly price is worked out", "Price change letters and e-mails",
                    "Keeping your price by moving to a new plan"},
         .facts =
             {"Prices change once a year in April by the fixed amount written in the customer's contract.",
              "Every customer receives a letter or e-mail at least 30 days before the new price starts.",
              "The price change does not give customers the right to leave without a fee, because it was "
              "set out in the contract.",
              "Customers on social tariffs are not affected by the yearly price change."},
         .steps = {"Find the customer's current plan price and contract start date.",
                   "Work out the new price by adding the fixed yearly amount.",
                   "Explain the change using the key message wording.",
                   "Offer a plan review if the customer wants to bring the monthly cost down."},
         .tags = {"price change", "price rise", "bill", "contract"},
         .products = {},
         .customerWords = {"I got a letter saying my price is going up again",
                           "Why is my monthly price rising when nothing has changed?",
                           "The price rise letter doesn't say what I'll actually pay",
                           "Can I cancel without a fee now that the price is going up?",
                           "Nobody told me about the price increase"},
         .summary = "Price change query",
         .keyMessages = {3},
         .weight = 4,
         .rising = true,
         .escalateTo = "Billing specialists"},
        {.category = 6,
         .titles = {"Resetting a forgotten password", "Unlocking an account after too many attempts",
                    "Setting up two-step sign-in", "Changing the e-mail address you sign in with",
                    "Why the app keeps asking for your password"},
         .facts =
             {"A password reset link is valid for 30 minutes and can be used once.",
              "After five wrong passwords the account locks for 15 minutes; an agent can unlock it sooner "
              "after an identity check.",
              "Two-step sign-in sends a six-digit code by text message each time someone signs in on a new "
              "device.",
              "Agents never ask for a customer's full password, not even to check it."},
         .steps = {"Ask the customer to choose Forgotten password on the sign-in page.",
                   "Check the reset e-mail has arrived, including in the spam folder.",
                   "If the account is locked, pass an identity check and unlock it from the agent desktop.",
                   "Suggest turning on two-step sign-in once the customer is back in."},
         .tags = {"password", "sign in", "locked account", "login"},
         .products = {},
         .customerWords = {"I've forgotten my password and the reset email never comes",
                           "My account is locked and I can't get in",
                           "The app keeps logging me out and asking for my password",
                           "I don't get the text with the code when I sign in",
                           "I changed my email and now I can't log in"},
         .summary = "Password reset",
         .keyMessages = {0, 1},
         .weight = 8,
         .escalateTo = "Second-line technical"},
        {.category = 7,
         .titles = {"Completing an identity check", "When a customer fails the identity check",
                    "Identity checks for customers who cannot use the phone", "Using the one-time passcode",
                    "What to do when an account PIN is forgotten"},
         .facts =
             {"An identity check is passed with the account PIN or a one-time passcode sent to the mobile "
              "number on file.",
              "Record only whether the check passed or failed and how it was done, never the answers the "
              "customer gave.",
              "After a failed check the agent may give general information but must not discuss the account.",
              "Customers can reset a forgotten PIN in the Tidewater app after signing in."},
         .steps = {"Explain why we need to confirm who we are speaking to.",
                   "Offer the one-time passcode first; use the account PIN if the customer prefers.",
                   "Record the method and the result on the interaction.",
                   "If the check fails, offer to help with general questions only."},
         .tags = {"identity", "security", "PIN", "passcode"},
         .products = {},
         .customerWords = {"I don't remember my account PIN", "The passcode text went to my old phone number",
                           "Why do you need to check who I am every time?",
                           "I'm calling for my mum, she's sitting right here",
                           "I failed the security questions but it really is my account"},
         .summary = "Identity check help",
         .keyMessages = {0, 1},
         .weight = 3,
         .escalateTo = "Account security team"},
        {.category = 8,
         .titles = {"Adding someone to your account", "Power of attorney on an account",
                    "Changing the account holder", "Managing the account of someone who has died",
                    "What an authorised person can and cannot do"},
         .facts =
             {"An authorised person can talk about the account and make changes, but cannot close it or "
              "change the account holder.",
              "Power of attorney documents are checked by the account security team within three working "
              "days.",
              "Bereavement requests are handled by one named agent from start to finish.",
              "The account holder can remove an authorised person at any time."},
         .steps = {"Confirm the identity of the account holder.",
                   "Take the name and date of birth of the person to be added.",
                   "Ask the account holder to confirm the change by replying to the e-mail we send.",
                   "Note the new authorised person on the customer record."},
         .tags = {"account holder", "authority", "bereavement", "power of attorney"},
         .products = {},
         .customerWords = {"I want to add my husband to the account",
                           "My father passed away and I need to close his account",
                           "I have power of attorney for my mother", "Can my son manage the account for me?",
                           "I need to change the name on the account"},
         .summary = "Account authority change",
         .keyMessages = {0, 5},
         .weight = 3,
         .escalateTo = "Account security team"},
        {.category = 10,
         .titles = {"Checking your broadband speed", "Why speeds are slower in the evening",
                    "Speed guarantee and what it covers", "Slow speeds over Wi-Fi but not on a cable",
                    "Running a line test"},
         .facts =
             {"Customers should test their speed with a cable plugged into the router to rule out Wi-Fi "
              "problems.",
              "Every plan has a minimum guaranteed speed; if speeds stay below it for three days the "
              "customer "
              "may leave without a fee.",
              "Evening speeds can drop when many people in the area are online; a line test shows whether "
              "the line itself is at fault.",
              "Old devices that only support older Wi-Fi standards cannot reach the top speeds of Fibre 500 "
              "or Fibre 900."},
         .steps = {"Ask the customer to restart the router and wait five minutes.",
                   "Run a line test from the agent desktop.",
                   "Ask for a speed test with a cable connected to the router.",
                   "If the result is below the guaranteed speed, book an engineer."},
         .tags = {"speed", "slow", "line test", "broadband"},
         .products = {},
         .customerWords = {"My internet is really slow in the evenings",
                           "I'm paying for 500 but only getting about 40",
                           "Everything buffers, even just streaming one film",
                           "The speed test says I'm way below what I pay for",
                           "Upload speed is terrible when I'm on video calls"},
         .summary = "Slow speeds",
         .keyMessages = {},
         .weight = 9,
         .escalateTo = "Second-line technical"},
        {.category = 11,
         .titles = {"Connection keeps dropping", "Broadband drops at the same time every day",
                    "Checking the cables and the wall socket", "Interference from other devices",
                    "When to book an engineer for an unstable line"},
         .facts =
             {"Connections that drop at the same time every day are often caused by a device switching on "
              "nearby, such as a heater or a baby monitor.",
              "The router log on the agent desktop shows every drop in the last seven days.",
              "A loose or damaged cable between the wall socket and the router causes most drop-outs.",
              "If the line drops more than ten times a day after the checks, book an engineer."},
         .steps = {"Check the router log for drops in the last seven days.",
                   "Ask the customer to check the cable from the wall socket to the router.",
                   "Move the router away from heaters, microwaves and cordless phones.",
                   "If drops continue, run a line test and book an engineer."},
         .tags = {"dropping", "disconnects", "unstable", "broadband"},
         .products = {},
         .customerWords = {"My broadband keeps cutting out every few minutes",
                           "The internet drops every night around eight o'clock",
                           "I keep getting disconnected in the middle of work calls",
                           "The router restarts itself several times a day",
                           "It's been dropping for a week now and I work from home"},
         .summary = "Connection dropping",
         .keyMessages = {4},
         .weight = 8,
         .escalateTo = "Second-line technical"},
        {.category = 12,
         .titles = {"Checking for an outage in your area", "What we do during an area outage",
                    "Compensation for a loss of service", "Outage updates by text message",
                    "Working from home during an outage"},
         .facts =
             {"The outage map on the agent desktop shows every open network fault with its estimated fix "
              "time.",
              "Customers affected by an outage receive text updates every four hours until it is fixed.",
              "Compensation for a loss of service is added to the next bill automatically after two full "
              "days without service.",
              "Customers who work from home can borrow a mobile broadband device during a long outage."},
         .steps =
             {"Check the outage map for the customer's postcode.",
              "If there is an outage, give the estimated fix time and sign the customer up for text updates.",
              "If there is no outage, run a line test to look for a fault on the customer's own line.",
              "Explain that compensation is automatic and needs no claim."},
         .tags = {"outage", "no internet", "network fault", "compensation"},
         .products = {},
         .customerWords = {"There's no internet at all on our street since this morning",
                           "Is there an outage in my area? Nothing is working",
                           "The whole town has been without broadband for two days",
                           "My neighbours have no internet either, what's going on?",
                           "When will the outage be fixed? I need to work"},
         .summary = "Area outage",
         .keyMessages = {4},
         .weight = 4,
         .rising = true,
         .escalateTo = "Network operations"},
        {.category = 15,
         .titles = {"What the router lights mean", "Flashing orange light on the router",
                    "Red light on the router", "No lights on the router", "The Wi-Fi light is off"},
         .facts =
             {"A steady white light means the router is connected and working normally.",
              "A flashing orange light means the router is starting up or installing an update; it can take "
              "up to ten minutes.",
              "A red light means there is no broadband signal on the line: check for an outage before "
              "anything else.",
              "No lights at all usually means the power adapter is not plugged in or has failed."},
         .steps = {"Ask the customer what colour the light is and whether it is steady or flashing.",
                   "For orange, wait ten minutes without switching the router off.",
                   "For red, check the outage map and then the cable to the wall socket.",
                   "For no lights, try another power socket, then arrange a replacement adapter."},
         .tags = {"router", "lights", "orange light", "red light"},
         .products = {},
         .customerWords = {"The light on my router is flashing orange and won't stop",
                           "There's a red light on the router and no internet",
                           "My router has no lights at all", "What does the white light mean?",
                           "The Wi-Fi light went off and won't come back on"},
         .summary = "Router light query",
         .keyMessages = {},
         .weight = 4,
         .escalateTo = "Second-line technical"},
        {.category = 16,
         .titles = {"Factory resetting the router", "What a factory reset removes",
                    "Restoring your Wi-Fi name and password after a reset", "When not to factory reset",
                    "Resetting the router from the app"},
         .facts =
             {"A factory reset puts back the Wi-Fi name and password printed on the card at the back of the "
              "router.",
              "Hold the reset button for fifteen seconds with a paper clip until the light flashes orange.",
              "A reset removes port forwarding, parental controls and any custom Wi-Fi name.",
              "Do not reset the router while a red light shows: the fault is on the line, not the router."},
         .steps = {"Check there is no outage and no red light on the router.",
                   "Ask the customer to note any custom settings they will need again.",
                   "Hold the reset button for fifteen seconds until the light flashes orange.",
                   "Reconnect devices with the Wi-Fi name and password on the router card."},
         .tags = {"router", "factory reset", "wifi password", "settings"},
         .products = {},
         .customerWords = {"I reset the router and now nothing can connect",
                           "How do I factory reset my router?",
                           "After the reset my Wi-Fi password doesn't work",
                           "I think I need to reset the box, it's not working",
                           "I lost all my settings after a reset"},
         .summary = "Router reset",
         .keyMessages = {},
         .weight = 3,
         .escalateTo = "Second-line technical"},
        {.category = 17,
         .titles = {"Getting Wi-Fi in every room", "Setting up a Wi-Fi booster",
                    "Choosing the best place for the router", "Wi-Fi booster not connecting",
                    "Changing your Wi-Fi name and password"},
         .facts =
             {"The router works best in a central spot, off the floor and away from thick walls and "
              "mirrors.",
              "A Wi-Fi Booster joins the home network in two minutes with the pair button on both devices.",
              "Customers on Fibre 900 get one Wi-Fi Booster included; others can add one for a small "
              "monthly charge.",
              "The Wi-Fi name and password can be changed in the Tidewater app under Home network."},
         .steps = {"Ask where the router is and which rooms have a weak signal.",
                   "Suggest moving the router to a central, raised spot.",
                   "If that is not enough, offer a Wi-Fi Booster and explain the monthly charge.",
                   "Pair the booster with the router using the pair buttons."},
         .tags = {"wifi", "booster", "coverage", "signal"},
         .products = {"Wi-Fi Booster"},
         .customerWords = {"The Wi-Fi doesn't reach the upstairs bedrooms",
                           "My booster won't connect to the router", "I get no signal in the kitchen at all",
                           "How do I change my Wi-Fi password?",
                           "Do I need a booster for a three-storey house?"},
         .summary = "Wi-Fi coverage",
         .keyMessages = {},
         .weight = 6,
         .escalateTo = "Second-line technical"},
        {.category = 19,
         .titles = {"Moving home with Tidewater", "How much notice we need for a move",
                    "Moving to an address we do not serve", "Taking your router to the new home",
                    "Moving in with someone who already has Tidewater"},
         .facts =
             {"Customers moving home should tell us at least 30 days before the moving date so the new line "
              "is ready.",
              "The contract moves with the customer; there is no fee for moving if the new address can get "
              "the same plan.",
              "If we cannot serve the new address, the customer may leave without an early exit fee.",
              "The router and TV box move with the customer and work at the new home."},
         .steps = {"Confirm the identity of the account holder.", "Check availability at the new address.",
                   "Book the move for the moving date and confirm whether an engineer is needed.",
                   "Send the confirmation e-mail with the date service starts at the new home."},
         .tags = {"moving home", "new address", "home move", "relocation"},
         .products = {},
         .customerWords = {"I'm moving house next month and want to keep my broadband",
                           "Can I take my contract to my new address?",
                           "We're moving and the new place says you don't cover it",
                           "How much notice do you need for moving home?",
                           "I moved last week and still have no internet at the new house"},
         .summary = "Moving home",
         .keyMessages = {0},
         .weight = 6,
         .escalateTo = "Orders team"},
        {.category = 20,
         .titles = {"Upgrading to a faster plan", "Moving to a cheaper plan", "Adding TV to your broadband",
                    "When a plan change takes effect", "Social tariffs for customers on benefits"},
         .facts =
             {"Upgrades take effect the next working day and do not extend the contract.",
              "Moving to a cheaper plan during the minimum term starts a new 12-month term.",
              "Customers who receive certain benefits can move to the Tidewater Essentials social tariff at "
              "any time without a fee.",
              "The bill after a plan change shows part-month charges for both plans."},
         .steps = {"Check which plans are available at the customer's address.",
                   "Compare the new price and speed with the current plan.",
                   "Explain any change to the contract term.",
                   "Place the order and confirm the date the change takes effect."},
         .tags = {"upgrade", "downgrade", "plan change", "social tariff"},
         .products = {"Fibre 150", "Fibre 500", "Fibre 900"},
         .customerWords = {"I'd like to upgrade to faster broadband",
                           "Is there a cheaper plan I can move to?",
                           "I'm on universal credit, can I get a cheaper deal?",
                           "I want to add TV to my package", "I upgraded but my speed hasn't changed"},
         .summary = "Plan change",
         .keyMessages = {3},
         .weight = 5,
         .escalateTo = "Orders team"},
        {.category = 21,
         .titles = {"Cancelling your broadband", "Early exit fees explained",
                    "Returning your router and TV box", "Leaving within the first 14 days",
                    "Switching to another provider"},
         .facts =
             {"Customers give 30 days notice to cancel; an early exit fee applies inside the minimum term.",
              "Equipment must be returned within 30 days in the prepaid bag we send, or a charge applies.",
              "Customers switching to another provider only need to contact the new provider; we end the "
              "service on the switch date.",
              "Customers who cancel within 14 days of ordering pay nothing and get back what they paid."},
         .steps = {"Ask why the customer wants to leave and whether we can fix it.",
                   "Explain the notice period and any early exit fee.",
                   "Set the end date and send the equipment return bag.",
                   "Send the cancellation confirmation with the final bill date."},
         .tags = {"cancel", "leaving", "early exit fee", "return equipment"},
         .products = {},
         .customerWords = {"I want to cancel my broadband", "How much will it cost me to leave early?",
                           "Where do I send the router back?",
                           "I'm switching to another company, what do I need to do?",
                           "I cancelled but I'm still being charged"},
         .summary = "Cancellation",
         .keyMessages = {2},
         .weight = 5,
         .escalateTo = "Retention team"},
        {.category = 23,
         .titles = {"Ordering broadband for a new home", "How long a new connection takes",
                    "Activating your new router", "New connection not working on go-live day",
                    "Choosing an installation date"},
         .facts = {"Most new connections go live within ten working days of the order.",
                   "The router arrives two days before the go-live date and works from 8 am on that day.",
                   "A new build property may need a fibre connection from the street, which adds up to four "
                   "weeks.",
                   "Customers can follow the progress of their order in the Tidewater app."},
         .steps = {"Check availability and the earliest go-live date at the address.",
                   "Confirm whether an engineer visit is needed.",
                   "Take the order and agree the go-live date.",
                   "Tell the customer when the router will arrive."},
         .tags = {"new connection", "order", "go-live", "installation"},
         .products = {"Fibre 150", "Fibre 500", "Fibre 900"},
         .customerWords = {"Today was my go-live date and nothing is working",
                           "When will my new broadband be connected?", "I haven't received my router yet",
                           "The order says delayed, what does that mean?",
                           "It's a new build and nobody can tell me when I'll be connected"},
         .summary = "New connection",
         .keyMessages = {},
         .weight = 4,
         .escalateTo = "Orders team"},
        {.category = 25,
         .titles = {"When the engineer does not arrive", "Compensation for a missed appointment",
                    "Rebooking a missed engineer visit", "Checking where the engineer is",
                    "Cancelling an engineer appointment"},
         .facts =
             {"Customers receive a text message with the engineer's arrival window on the morning of the "
              "visit.",
              "A missed appointment earns automatic compensation, added to the next bill.",
              "Rebook a missed visit at the first free slot and mark it priority.",
              "Customers can cancel or move an appointment up to 24 hours before it without a charge."},
         .steps = {"Check the appointment status on the agent desktop.",
                   "Apologise and explain that compensation is automatic.",
                   "Rebook at the first free slot and mark it priority.",
                   "Log a complaint if the customer wants to make one."},
         .tags = {"engineer", "appointment", "missed", "compensation"},
         .products = {},
         .customerWords = {"The engineer didn't turn up and nobody called",
                           "I took a day off work and the engineer never came",
                           "Where is the engineer? The slot was this morning",
                           "This is the second missed appointment",
                           "I want compensation for the missed visit"},
         .summary = "Missed engineer visit",
         .keyMessages = {6},
         .weight = 3,
         .escalateTo = "Field engineering"},
        {.category = 26,
         .titles = {"Getting ready for an engineer visit", "How long an engineer visit takes",
                    "Who needs to be at home for the visit", "Engineer visits to flats and shared buildings",
                    "What the engineer will need access to"},
         .facts =
             {"Someone over 18 must be at home for the whole visit.",
              "The engineer needs access to the master wall socket and a power socket next to it.",
              "In flats the engineer may need the landlord's permission to reach the building's comms room.",
              "Most visits take between one and three hours."},
         .steps = {"Confirm the date and arrival window with the customer.",
                   "Explain that someone over 18 must be home.",
                   "Ask about access to the wall socket and any shared areas.",
                   "Note anything the engineer should know on the appointment."},
         .tags = {"engineer", "appointment", "installation", "access"},
         .products = {},
         .customerWords = {"What do I need to do before the engineer comes?",
                           "How long will the engineer be here?",
                           "I live in a flat, will the engineer need the landlord?",
                           "Can my neighbour let the engineer in?", "Does the engineer need to come inside?"},
         .summary = "Engineer visit preparation",
         .keyMessages = {},
         .weight = 2,
         .escalateTo = "Field engineering"},
        {.category = 28,
         .titles = {"Setting up the TV box", "Adding a channel pack", "Recordings not working",
                    "TV picture freezing or buffering", "Parental PIN on the TV box"},
         .facts =
             {"The TV box needs a broadband connection of at least 10 Mbps for HD channels.",
              "Channel packs can be added in the Tidewater app and start within an hour.",
              "Recordings are kept for 90 days in the cloud and do not use space on the box.",
              "A freezing picture is usually fixed by connecting the TV box to the router with a cable."},
         .steps = {"Check the TV box is connected to the router, ideally with a cable.",
                   "Restart the TV box from the settings menu.", "Check the channel pack is on the account.",
                   "If the picture still freezes, run a line test."},
         .tags = {"tv", "tv box", "channels", "recordings"},
         .products = {"Tidewater TV"},
         .customerWords = {"My TV box keeps freezing on every channel",
                           "I added the sports pack but can't watch it", "My recordings have disappeared",
                           "How do I set a parental PIN on the TV?", "The TV box says no connection"},
         .summary = "TV box problem",
         .keyMessages = {},
         .weight = 5,
         .escalateTo = "Second-line technical"},
        {.category = 29,
         .titles = {"No dial tone on the home phone", "Blocking nuisance calls", "Call charges explained",
                    "Keeping your phone number when you switch", "Using the home phone during a power cut"},
         .facts =
             {"Home phone calls go through the router, so the phone must be plugged into the router's phone "
              "port.",
              "Nuisance call blocking is free and can be switched on in the Tidewater app.",
              "Calls to UK landlines and mobiles are included on the Anytime calls add-on.",
              "The home phone does not work in a power cut; customers who rely on it can ask for a free "
              "battery back-up."},
         .steps = {"Check the phone is plugged into the phone port on the router.",
                   "Check for an outage at the customer's postcode.",
                   "Restart the router and test for a dial tone.",
                   "If there is still no dial tone, run a line test."},
         .tags = {"home phone", "landline", "nuisance calls", "dial tone"},
         .products = {"Home Phone"},
         .customerWords = {"There's no dial tone on my landline", "I keep getting nuisance calls every day",
                           "Why was I charged for calls when I have a calls package?",
                           "Will I keep my number if I change provider?",
                           "My phone doesn't work when the power goes off"},
         .summary = "Home phone issue",
         .keyMessages = {5},
         .weight = 3,
         .escalateTo = "Second-line technical"},
        {.category = 30,
         .titles = {},
         .facts = {},
         .steps = {},
         .tags = {},
         .products = {"Mobile SIM"},
         .customerWords = {"How do I switch my mobile SIM to an eSIM?",
                           "Can I add a mobile SIM to my broadband account?", "My eSIM QR code doesn't work",
                           "Does the mobile add-on work abroad?",
                           "I want to move my mobile number to Tidewater"},
         .summary = "Mobile add-on query",
         .keyMessages = {},
         .weight = 3,
         .hasArticles = false,
         .escalateTo = "Second-line technical"},
        {.category = 32,
         .titles = {"Logging a complaint", "How we handle complaints", "When a complaint is escalated",
                    "Referring a complaint to the ombudsman", "Complaints about an agent"},
         .facts =
             {"Log a complaint the first time the customer expresses dissatisfaction, even if it is "
              "resolved on the call.",
              "We acknowledge every complaint within two working days and aim to resolve it within two "
              "weeks.",
              "After eight weeks, or when we send a final response, the customer may take the complaint to "
              "the ombudsman.",
              "Complaints about an agent are passed to their team leader, who replies within five working "
              "days."},
         .steps = {"Listen, apologise and log the complaint on the interaction.",
                   "Try to resolve it on the first contact.",
                   "If it cannot be resolved, escalate it to the complaints team in writing.",
                   "Tell the customer what happens next and when they will hear from us."},
         .tags = {"complaint", "ombudsman", "escalation", "dissatisfied"},
         .products = {},
         .customerWords = {"I want to make a formal complaint",
                           "I've called five times and nobody has fixed this",
                           "I'm going to the ombudsman if this isn't sorted",
                           "The last person I spoke to was very rude",
                           "Nobody ever calls me back like they promise"},
         .summary = "Complaint",
         .keyMessages = {6, 5},
         .weight = 4,
         .complaints = true,
         .escalateTo = "Complaints team"},
        {.category = 33,
         .titles = {"Automatic compensation explained", "Goodwill gestures and when to offer them",
                    "Compensation for a delayed repair", "Checking compensation already paid",
                    "Compensation for a delayed new connection"},
         .facts = {"Automatic compensation is paid for delayed repairs, delayed new connections and missed "
                   "appointments.",
                   "Agents may offer a goodwill credit of up to twenty pounds without a supervisor.",
                   "Compensation appears as a credit on the next bill and is listed under Payments.",
                   "Customers do not need to claim automatic compensation."},
         .steps = {"Check which compensation has already been paid.",
                   "Check whether the customer qualifies for automatic compensation.",
                   "Offer a goodwill credit if the rules allow it.",
                   "Explain when the credit will appear on the bill."},
         .tags = {"compensation", "goodwill", "credit", "delay"},
         .products = {},
         .customerWords = {"I want compensation for being without internet for a week",
                           "Where is the compensation I was promised?",
                           "You should pay me back for the days I had no service",
                           "Is that credit all I get after everything?",
                           "Do I have to claim the compensation myself?"},
         .summary = "Compensation request",
         .keyMessages = {4, 2},
         .weight = 3,
         .escalateTo = "Complaints team"},
        {.category = 34,
         .titles = {"Registering for extra help", "Bills in large print, braille or audio",
                    "Priority repairs for customers who rely on the phone", "Calls through a relay service",
                    "Supporting customers in financial difficulty"},
         .facts =
             {"Customers can register for extra help at any time; we record only what they agree to share.",
              "Bills are available in large print, braille and audio at no extra cost.",
              "Customers who rely on their phone for health reasons get priority repairs.",
              "Customers in financial difficulty can pause payments for up to two months while we agree a "
              "plan."},
         .steps = {"Ask what would make things easier for the customer.",
                   "Record the support needed, with the customer's agreement.",
                   "Set up the bill format or priority repair flag.",
                   "Tell the customer how to change or remove it later."},
         .tags = {"extra help", "accessibility", "vulnerable", "large print"},
         .products = {},
         .customerWords = {"I'm partially sighted and can't read the bill",
                           "I'm struggling to pay this month",
                           "My mother depends on the phone for her care alarm",
                           "Can you send letters in large print?", "I use a relay service to make calls"},
         .summary = "Extra help request",
         .keyMessages = {5},
         .weight = 2,
         .escalateTo = "Customer care team"},
    };
    return kTopics;
}

const std::vector<KeyMessage>& keyMessages() {
    static const std::vector<KeyMessage> kKeyMessages{
        {"Identity before account details",
         "Confirm who you are speaking to before discussing any account.",
         "Before you discuss a bill, a payment, an order or any personal detail, confirm that you are "
         "speaking "
         "to the account holder or an authorised person. Use the one-time passcode or the account PIN. "
         "Record "
         "how the check was done and whether it passed, never the answers. If the check fails, help with "
         "general questions only and explain how the customer can pass next time.",
         {"identity", "security", "data protection"}},
        {"We never ask for a full password",
         "No agent asks for, or writes down, a customer's password.",
         "Agents never ask a customer for their full password, their bank card PIN or a one-time passcode "
         "they "
         "did not request. Tell customers that anyone who asks for these is not from Tidewater. If a "
         "customer "
         "reads out a password, stop them, do not record it and suggest they change it after the call.",
         {"password", "security", "fraud"}},
        {"Refunds arrive within five working days",
         "What we promise about refunds, and what we never promise.",
         "Refunds go back to the card or bank account the customer paid from and arrive within five working "
         "days. Do not promise a faster refund. Give the refund reference every time, and tell the customer "
         "to "
         "call back if it has not arrived after five working days so we can trace it.",
         {"refund", "payments"}},
        {"The yearly price change",
         "How to explain the April price change.",
         "Prices change once a year in April by a fixed amount set out in the contract when the customer "
         "joined. "
         "Every customer hears from us at least 30 days before. The change does not give a right to leave "
         "without a fee. Always offer a plan review so the customer can see whether another plan costs less.",
         {"price change", "billing", "contract"}},
        {"Outage compensation is automatic",
         "Customers never have to claim compensation for a loss of service.",
         "When service is lost for two full days or more, compensation is added to the next bill "
         "automatically. "
         "Never tell a customer they need to make a claim. Tell them how much they can expect per day and "
         "that "
         "it will show as a credit on the bill.",
         {"outage", "compensation"}},
        {"Offer extra help to anyone who needs it",
         "Listen for signs that a customer may need more support.",
         "Some customers need more support: because of illness, disability, bereavement, money worries or "
         "age. "
         "Ask what would help and record it only with their agreement. Offer large print, relay calls, "
         "priority "
         "repairs or a payment break where they fit. Never make a customer explain their situation twice.",
         {"extra help", "vulnerable", "accessibility"}},
        {"Log a complaint the first time it is raised",
         "Every expression of dissatisfaction is a complaint.",
         "When a customer tells us they are unhappy with our service, log it as a complaint on the "
         "interaction, "
         "even if you put it right on the call. Escalate in writing when it cannot be fixed at first "
         "contact. "
         "The customer must hear from us within two working days.",
         {"complaint", "escalation"}},
        {"The direct debit guarantee",
         "Read this to every customer who sets up or changes a direct debit.",
         "The direct debit guarantee protects the customer: if an error is made in the payment, they are "
         "entitled to a full and immediate refund from their bank. We tell customers at least ten working "
         "days "
         "before any change to the amount or date. They can cancel a direct debit at any time with their "
         "bank.",
         {"direct debit", "payments", "bank"}},
    };
    return kKeyMessages;
}

const std::vector<Agent>& agents() {
    static const std::vector<Agent> kAgents{
        {"alice", 0, "North billing"},   {"sam", 0, "North technical"},  {"priya", 0, "North technical"},
        {"tomasz", 0, "North billing"},  {"grace", 0, "North care"},     {"bob", 1, "South billing"},
        {"nadia", 1, "South technical"}, {"owen", 1, "South care"},      {"femi", 1, "South technical"},
        {"lucy", 1, "South billing"},    {"sue", 2, "East care"},        {"raj", 2, "East technical"},
        {"hannah", 2, "East billing"},   {"marek", 2, "East technical"}, {"chloe", 2, "East billing"},
        {"dev", 2, "East care"},
    };
    return kAgents;
}

const Phrases& phrases() {
    static const Phrases kPhrases{
        .articleOpenings = {"This article explains {title} for agents and customers.",
                            "Use this answer when a customer asks about {title}.",
                            "Customers often contact us about {title}; here is what to tell them.",
                            "A short guide to {title}, kept up to date by the knowledge team."},
        .generalAdvice =
            {
                "If the customer is unhappy with the answer, offer to log a complaint and explain what "
                "happens next.",
                "Most questions about a bill, a payment or a refund can also be answered in the Tidewater "
                "app.",
                "Always check the outage map before booking an engineer for a broadband fault.",
                "Restarting the router fixes many problems with speed, Wi-Fi and the TV box.",
                "Before changing anything on the account, complete the identity check.",
                "Send a summary of what was agreed by e-mail or text message so the customer has it in "
                "writing.",
                "Customers who are moving home, changing plan or cancelling should be told about any fee "
                "before "
                "they decide.",
                "If the customer needs extra help, record it with their agreement so they never have to "
                "explain "
                "twice.",
                "Note what the customer said in their own words; it helps the next agent and the knowledge "
                "team.",
                "When the customer cannot get online, offer to send links and instructions by text message.",
                "Check the contract end date before talking about prices, upgrades or early exit fees.",
                "If a direct debit, refund or credit is involved, give the customer the reference number.",
            },
        .titleQualifiers = {"for business customers", "in the Tidewater app", "over the phone",
                            "for new customers", "on Fibre 900", "for customers with extra help",
                            "in shared homes", "after a home move"},
        .customerOpenings = {"", "", "", "Hi, ", "Hello, ", "Morning, ", "Sorry to bother you but ",
                             "I'm calling because ", "I've been trying for ages, ", "Quick question, "},
        .customerAsides = {" Started last Monday evening.", " Going on three weeks now.",
                           " Since the big storm hit.", " I work from home every day.",
                           " Kids need it for homework nightly.", " Third call this week already.",
                           " Online chat bot was useless.", " Loyal customer for many years.",
                           " Neighbour suggested calling you directly.",
                           " Promised a fix yesterday afternoon.",
                           " Struggle with technology generally, sorry.", " Need it working before Saturday.",
                           " Elderly dad relies on it daily.", " I run a small business here.",
                           " Paying good money monthly.", " Exams start next week."},
        .resolvedActions = {"explained and customer happy", "sorted on the call",
                            "talked through the steps, "
                            "resolved",
                            "fixed while on the line", "answered from the knowledge base"},
        .followUpActions = {"call back arranged", "waiting on line test results, will call back",
                            "e-mail follow-up promised", "checking with the back office, call back booked"},
        .escalatedActions = {"escalated to specialists", "passed to the team leader", "escalated in writing",
                             "handed over for investigation"},
        .pendingActions = {"customer to call back with details", "waiting for customer to try the steps",
                           "awaiting documents from customer"},
        .praise = {"Really helpful, sorted first time", "Friendly agent who explained everything clearly",
                   "Quick answer and no waiting", "Fixed my broadband in ten minutes, thank you",
                   "Patient with me and very kind", "Great service, the refund came through fast",
                   "Explained the bill properly at last", "Agent went above and beyond to help"},
        .praiseEndings = {"Will recommend you to friends.", "Best call I've had with any company.",
                          "Keep it up.", "Thank you Tidewater.", "Made my day easier.",
                          "Much better than last year."},
        .criticism = {"Waited forty minutes to get through",
                      "Had to explain everything again to a second person",
                      "Still no internet after three calls", "Promised a call back that never happened",
                      "The price keeps going up and nobody can explain why", "Felt rushed off the phone",
                      "Engineer appointment missed again", "Refund still has not arrived"},
        .criticismEndings = {"Not impressed at all.", "Thinking about switching provider.",
                             "Please sort this out.", "Very disappointing.", "I expected better.",
                             "Considering a formal complaint."},
        .unsolicited = {"Just wanted to say the engineer was brilliant today",
                        "Your website makes it impossible to find a phone number",
                        "The new app is much easier to use than the old one",
                        "I still get marketing e-mails although I opted out",
                        "Thank you for sorting out my mum's account so kindly",
                        "The outage updates by text were really useful",
                        "Chat keeps disconnecting before I get an answer",
                        "Please offer paper bills without a charge"},
        .anecdotal = {"Customer said the hold message is too long",
                      "Customer mentioned they nearly left because of the price change",
                      "Customer said the app made the refund easy",
                      "Customer said our letters are hard to understand",
                      "Customer praised the engineer who came last week",
                      "Customer said they could not find the outage map online",
                      "Customer said the router instructions are confusing",
                      "Customer said they appreciated the text updates"},
        .commentEndings = {"Please pass this to the right team.", "Thought someone should know.",
                           "Hope this helps improve things.", "Just wanted to share that.",
                           "Worth looking into.", "No reply needed."},
        .articleComments = {"Step 3 no longer matches the menu in the latest app version.",
                            "Can we add what to do when the customer has no mobile signal?",
                            "Customers keep asking about this, could it be a FAQ?",
                            "Checked with the billing team: the figures here are still right.",
                            "The screenshot shows the old router; the new one has the lights on top.",
                            "Should we mention the social tariff here as well?",
                            "This helped me on three calls today, thanks.",
                            "The link to the outage map needs updating.",
                            "Please add the wording from the key message.", "Reviewed and still accurate."},
        .identityMethods = {"one-time passcode", "account PIN", "security questions"},
        .segments = {"residential", "residential", "residential", "residential", "business", "extra help"},
        .firstNames = {"Amelia",  "Oliver",    "Isla",     "George",    "Ava",     "Noah",     "Mia",
                       "Arthur",  "Ivy",       "Leo",      "Freya",     "Oscar",   "Lily",     "Harry",
                       "Zara",    "Jack",      "Sofia",    "Finley",    "Aisha",   "Mohammed", "Chloe",
                       "Yusuf",   "Niamh",     "Callum",   "Ewan",      "Siobhan", "Rhys",     "Megan",
                       "Kofi",    "Ada",       "Wojciech", "Agnieszka", "Ravi",    "Anjali",   "Mei",
                       "Chen",    "Tariq",     "Fatima",   "Declan",    "Bronwen", "Zoë",      "Renée",
                       "Joaquín", "Małgorzata"},
        .lastNames = {"Smith",    "Jones",   "Taylor",   "Brown",    "Williams", "Wilson",   "Johnson",
                      "Davies",   "Patel",   "Robinson", "Wright",   "Thompson", "Evans",    "Walker",
                      "White",    "Roberts", "Green",    "Hall",     "Khan",     "Clarke",   "Hughes",
                      "Edwards",  "Lewis",   "Hill",     "O'Connor", "MacLeod",  "Okafor",   "Nowak",
                      "Kowalski", "Singh",   "Begum",    "Ahmed",    "Murphy",   "Campbell", "Stewart",
                      "Price",    "Bennett", "Morgan",   "Gray",     "Fraser"},
        .streets = {"Mill Lane", "Station Road", "Church Street", "Harbour View", "Elm Grove",
                    "Victoria Road", "Orchard Close", "Kingfisher Way", "The Crescent", "Quarry Hill",
                    "Park Avenue", "Willow Drive", "Meadow Rise", "Castle Street", "Ferry Road",
                    "Beacon Lane"},
        .towns = {{"Northbridge", "Fellside", "Ashcombe Moor", "Highcross"},
                  {"Southwold Bay", "Kingsmere", "Larkhaven", "Port Elver"},
                  {"Eastwick Fen", "Marram Sands", "Oakstead", "Brackenham"}},
        .mailDomains = {"example.com", "example.net", "example.org", "mail.example", "post.example"},
    };
    return kPhrases;
}

const std::vector<std::vector<std::string_view>>& repeatedComments() {
    static const std::vector<std::vector<std::string_view>> kGroups{
        {"The Tidewater app logs me out every time I open my bill",
         "Tidewater app logs me out every time I open the bill",
         "The Tidewater app logs me out every single time I open my bill",
         "Every time I open my bill the Tidewater app logs me out",
         "The Tidewater app logs me out each time I open my bill"},
        {"The price rise letter does not say what my new monthly price will be",
         "Price rise letter does not say what my new monthly price is",
         "The price rise letter does not say my new monthly price",
         "My price rise letter does not say what the new monthly price will be",
         "The price rise letter does not say what my new monthly price is going to be",
         "Got the price rise letter but it does not say my new monthly price"},
        {"Hold music is far too loud and the same message repeats every minute",
         "The hold music is far too loud and the same message repeats every minute",
         "Your hold music is far too loud and the same message repeats every single minute",
         "Hold music far too loud, and the same message repeats every minute"},
        {"The outage text said fixed but my broadband is still down",
         "Your outage text said fixed but my broadband is still down",
         "The outage text said it was fixed but my broadband is still down",
         "Outage text said fixed, but broadband still down",
         "The outage text said fixed and my broadband is still down today"},
    };
    return kGroups;
}

const std::vector<MissedSearch>& missedSearches() {
    static const std::vector<MissedSearch> kSearches{
        {"static ip address", 9, 14},
        {"esim transfer", 8, 21},
        {"esim qr code", 6, 21},
        {"parental controls", 7, 11},
        {"wifi calling", 5, 20},
        {"port forwarding", 4, 11},
        {"mobile roaming abroad", 5, 21},
        {"ipv6", 3, -1},
        {"bill in welsh", 2, 0},
        {"student discount", 3, 14},
        {"landlord permission letter", 2, 18},
        {"router firmware version", 2, 10},
        {"data usage this month", 3, 21},
        {"vpn blocked", 2, -1},
        {"smart tv app login", 2, 19},
        {"refund to closed bank account", 2, 2},
        {"price freeze", 3, 3},
        {"outage compensation amount", 2, 9},
        {"bereavement letter template", 1, 6},
        {"hearing loop shop", 1, 24},
    };
    return kSearches;
}

} // namespace knowset::domain::demo
