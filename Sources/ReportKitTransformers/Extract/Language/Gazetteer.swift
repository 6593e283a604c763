/// Small hand-written word lists for the entity and quote rules. They are deliberately
/// short: they catch the common cases in English news and say nothing about the rest
/// (see docs/extract.md for what they miss).
enum Gazetteer {
    /// Countries, regions, and large or newsworthy cities, as written in English.
    static let places: Set<String> = [
        // Countries and regions
        "Afghanistan", "Africa", "Albania", "Algeria", "America", "Americas", "Angola", "Antarctica", "Argentina",
        "Armenia", "Asia", "Australia", "Austria", "Azerbaijan", "Bahrain", "Bangladesh", "Belarus", "Belgium",
        "Bhutan", "Bolivia", "Bosnia", "Botswana", "Brazil", "Brunei", "Bulgaria", "Cambodia", "Cameroon", "Canada",
        "Chile", "China", "Colombia", "Congo", "Croatia", "Cuba", "Cyprus", "Czechia", "Denmark", "Ecuador", "Egypt",
        "England", "Estonia", "Ethiopia", "Europe", "Fiji", "Finland", "France", "Georgia", "Germany", "Ghana",
        "Greece", "Greenland", "Guatemala", "Haiti", "Honduras", "Hungary", "Iceland", "India", "Indonesia", "Iran",
        "Iraq", "Ireland", "Israel", "Italy", "Jamaica", "Japan", "Jordan", "Kazakhstan", "Kenya", "Korea", "Kosovo",
        "Kuwait", "Kyrgyzstan", "Laos", "Latvia", "Lebanon", "Libya", "Lithuania", "Luxembourg", "Macau", "Macao",
        "Madagascar", "Malaysia", "Maldives", "Mali", "Malta", "Mexico", "Moldova", "Monaco", "Mongolia", "Montenegro",
        "Morocco", "Mozambique", "Myanmar", "Namibia", "Nepal", "Netherlands", "Nicaragua", "Niger", "Nigeria",
        "Norway", "Oman", "Pakistan", "Palestine", "Panama", "Paraguay", "Peru", "Philippines", "Poland", "Portugal",
        "Qatar", "Romania", "Russia", "Rwanda", "Scotland", "Senegal", "Serbia", "Singapore", "Slovakia", "Slovenia",
        "Somalia", "Spain", "Sudan", "Sweden", "Switzerland", "Syria", "Taiwan", "Tajikistan", "Tanzania", "Thailand",
        "Tibet", "Tunisia", "Turkey", "Turkmenistan", "Uganda", "Ukraine", "Uruguay", "Uzbekistan", "Venezuela",
        "Vietnam", "Wales", "Yemen", "Zambia", "Zimbabwe", "Arctic", "Balkans", "Caribbean", "Eurasia",
        "Hong Kong", "New Zealand", "North Korea", "South Korea", "South Africa", "Saudi Arabia", "Sri Lanka",
        "United States", "United Kingdom", "United Arab Emirates", "Czech Republic", "Costa Rica", "El Salvador",
        "Ivory Coast", "Middle East", "Latin America", "North America", "South America", "Southeast Asia",
        "Central Asia", "East Asia", "Western Europe", "Eastern Europe", "Inner Mongolia", "Puerto Rico",
        "Dominican Republic", "Papua New Guinea", "Great Britain", "Britain", "Mainland China",
        // Chinese provinces and large cities
        "Anhui", "Beijing", "Chongqing", "Fujian", "Gansu", "Guangdong", "Guangxi", "Guizhou", "Hainan", "Hebei",
        "Heilongjiang", "Henan", "Hubei", "Hunan", "Jiangsu", "Jiangxi", "Jilin", "Liaoning", "Ningxia", "Qinghai",
        "Shaanxi", "Shandong", "Shanghai", "Shanxi", "Sichuan", "Tianjin", "Xinjiang", "Yunnan", "Zhejiang",
        "Guangzhou", "Shenzhen", "Wuhan", "Chengdu", "Hangzhou", "Nanjing", "Xi'an", "Suzhou", "Qingdao", "Xiamen",
        "Dalian", "Shenyang", "Harbin", "Kunming", "Changsha", "Zhengzhou", "Jinan", "Fuzhou", "Hefei", "Ningbo",
        "Dongguan", "Foshan", "Lhasa", "Urumqi", "Nanning", "Guiyang", "Lanzhou", "Taipei", "Pudong", "Lanzhou",
        // Other large cities
        "London", "Paris", "Berlin", "Madrid", "Rome", "Moscow", "Tokyo", "Osaka", "Seoul", "Delhi", "New Delhi",
        "Mumbai", "Bangkok", "Jakarta", "Manila", "Hanoi", "Sydney", "Melbourne", "Toronto", "Vancouver", "Montreal",
        "Ottawa", "Washington", "New York", "Los Angeles", "Chicago", "Houston", "Boston", "San Francisco", "Seattle",
        "Miami", "Atlanta", "Dallas", "Denver", "Detroit", "Philadelphia", "Brussels", "Geneva", "Vienna", "Amsterdam",
        "Stockholm", "Oslo", "Copenhagen", "Helsinki", "Warsaw", "Prague", "Budapest", "Athens", "Istanbul", "Ankara",
        "Cairo", "Dubai", "Tehran", "Baghdad", "Riyadh", "Jerusalem", "Kyiv", "Kiev", "Lagos", "Nairobi",
        "Johannesburg", "Cape Town", "Mexico City", "Sao Paulo", "Rio de Janeiro", "Buenos Aires", "Lima", "Bogota",
        "Santiago", "Karachi", "Lahore", "Dhaka", "Kabul", "Dublin", "Edinburgh", "Manchester", "Munich", "Frankfurt",
        "Hamburg", "Milan", "Barcelona", "Lisbon", "Zurich", "Kuala Lumpur",
        // US states
        "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
        "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
        "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
        "New Hampshire", "New Jersey", "New Mexico", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon",
        "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont",
        "Virginia", "West Virginia", "Wisconsin", "Wyoming",
    ]

    /// The longest place name in words, to bound the lookup.
    static let longestPlace = places.map { $0.split(separator: " ").count }.max() ?? 1

    /// Words after a capitalized name that make it a place (`Pudong New Area`, `Hubei Province`).
    static let placeSuffixes: Set<String> = [
        "Province", "City", "County", "District", "Prefecture", "Region", "Municipality", "State", "Island",
        "Islands", "Valley", "River", "Lake", "Mountain", "Mountains", "Bay", "Sea", "Ocean", "Peninsula", "Township",
        "Village", "Town", "Area", "Zone", "Strait",
    ]

    /// Words that make a run of capitalized words an organization.
    static let organizationHeads: Set<String> = [
        "Party", "Committee", "Congress", "Council", "Ministry", "Department", "Bank", "University", "College",
        "Company", "Corporation", "Corp", "Inc", "Ltd", "LLC", "PLC", "Group", "Agency", "Commission", "Association",
        "Institute", "Organization", "Organisation", "Union", "Court", "Bureau", "Office", "Police", "Army", "Navy",
        "Federation", "Foundation", "Authority", "Administration", "Assembly", "Parliament", "Senate", "Government",
        "Academy", "Center", "Centre", "Society", "Board", "Fund", "Exchange", "Airlines", "Airways", "Hospital",
        "School", "Museum", "Alliance", "League", "Forum", "Secretariat", "Cabinet", "Court", "Tribunal",
        "Coalition", "Network", "Institution", "Holdings", "Industries", "Motors", "Technologies", "Systems",
        "Laboratory", "Laboratories", "Club", "Trust", "Service", "Services", "Force", "Forces", "Guard", "Times",
        "Post", "Daily", "News", "Press", "Herald", "Journal", "Television", "Radio", "Broadcasting",
    ]

    /// Organization names that need no head word.
    static let organizationNames: Set<String> = [
        "Xinhua", "Reuters", "NATO", "Nato", "Interpol", "Google", "Apple", "Microsoft", "Amazon", "Facebook", "Meta",
        "Tesla", "Toyota", "Nissan", "Ford", "Volkswagen", "Huawei", "Alibaba", "Tencent", "Baidu", "Samsung",
        "Sony", "Boeing", "Airbus", "Twitter", "YouTube", "Netflix", "OpenAI", "Unesco", "UNESCO", "Unicef",
        "UNICEF", "Greenpeace", "Bloomberg",
    ]

    /// All-caps words that are not organizations.
    static let nonOrganizationAcronyms: Set<String> = [
        "I", "A", "OK", "TV", "AM", "PM", "CEO", "CFO", "CTO", "COO", "GDP", "GMT", "UTC", "COVID", "SARS", "HIV",
        "AIDS", "DNA", "RNA", "USD", "CNY", "RMB", "EUR", "GBP", "JPY", "PDF", "FAQ", "URL", "AI", "IT", "PR",
        "VIP", "ID", "NO", "THE", "AND", "OF", "IN", "ON", "AT", "TO", "BY", "FOR", "SUV", "SUVS", "EV", "EVS", "PC",
        "US", "UK", "UAE", "USA", "EU", "PRC", "DC", "ET", "PT", "MP", "MPS", "MW", "GW", "KM", "KG", "CO2", "BC", "AD",
        "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII",
    ]

    /// All-caps words that are places.
    static let placeAcronyms: Set<String> = ["US", "U.S", "UK", "U.K", "UAE", "USA", "EU", "PRC"]

    /// Titles and roles written before a name (`Mayor Zhou Wenli`); the last word of a role is its head.
    static let roleHeads: Set<String> = [
        "President", "Premier", "Minister", "Secretary", "Mayor", "Governor", "Chairman", "Chairwoman", "Chairperson",
        "Chair", "Director", "Professor", "Prof", "Spokesman", "Spokeswoman", "Spokesperson", "Ambassador", "Senator",
        "Sen", "Rep", "Representative", "General", "Gen", "Judge", "Justice", "Chief", "Commissioner", "Chancellor",
        "Secretary-General", "CEO", "Dr", "Mr", "Mrs", "Ms", "Miss", "Sir", "Dame", "King", "Queen", "Prince",
        "Princess", "Pope", "Bishop", "Archbishop", "Father", "Rabbi", "Imam", "Captain", "Capt", "Colonel", "Col",
        "Lieutenant", "Lt", "Sergeant", "Sgt", "Officer", "Inspector", "Superintendent", "Detective", "Coach",
        "Founder", "Co-founder", "Editor", "Lawmaker", "Councillor", "Councilor", "Councilman", "Councilwoman",
        "Deputy", "Vice", "Leader", "Head", "Envoy", "Delegate", "Commander", "Admiral", "Marshal", "Sheriff",
        "Attorney", "Prosecutor", "Economist", "Analyst", "Researcher", "Scientist", "Principal", "Dean", "Sheikh",
        "Emir", "Sultan", "Crown", "Engineer", "Member", "Manager", "Reporter", "Writer", "Expert", "Lawyer", "Doctor",
        "Teacher", "Nurse", "Official", "Activist", "Historian", "Architect", "Planner", "Owner", "Spokesperson",
        "Correspondent", "Consultant", "Strategist", "Investor", "Entrepreneur", "Designer", "Curator", "Surgeon",
    ]

    /// Honorifics that always precede a person's name and are not part of a role.
    static let honorifics: Set<String> = ["Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Sir", "Dame"]

    /// Verbs that attribute speech (`he said`, `said Li`).
    static let speechVerbs: Set<String> = [
        "said", "says", "say", "added", "adds", "told", "tells", "stressed", "stresses", "noted", "notes",
        "explained", "explains", "asked", "asks", "replied", "replies", "continued", "continues", "insisted",
        "insists", "argued", "argues", "warned", "warns", "declared", "declares", "remarked", "wrote", "writes",
        "urged", "urges", "recalled", "recalls", "commented", "announced", "announces", "concluded", "emphasized",
        "emphasised", "emphasizes", "acknowledged", "admitted", "admits", "observed", "pointed", "stated", "states",
        "underlined", "underscored", "highlighted", "vowed", "pledged", "promised", "claimed", "claims", "suggested",
        "predicted", "recounted", "confirmed", "confirms", "answered", "responded", "cautioned", "joked", "quipped",
        "tweeted", "posted", "mused", "shouted", "whispered", "exclaimed", "agreed", "disagreed",
    ]

    /// Pronouns that refer back to the last person named.
    static let personPronouns: Set<String> = ["he", "she", "He", "She"]

    /// Capitalized words that start sentences and never begin a name.
    static let stopCapitals: Set<String> = [
        "The", "A", "An", "This", "That", "These", "Those", "He", "She", "It", "They", "We", "I", "You", "His", "Her",
        "Its", "Their", "Our", "My", "Your", "In", "On", "At", "For", "But", "And", "Or", "While", "To", "After",
        "Before", "As", "If", "When", "Where", "Why", "How", "What", "Who", "Which", "With", "Without", "By", "From",
        "Of", "Over", "Under", "Since", "Until", "Although", "Though", "Because", "So", "Yet", "Also", "Then", "There",
        "Here", "Some", "Many", "Most", "More", "Such", "All", "Both", "Each", "Every", "Other", "Another", "Any",
        "No", "Not", "One", "Two", "Three", "First", "Last", "Next", "Previous", "According", "During", "Despite",
        "Among", "Between", "Through", "About", "Against", "Into", "Onto", "Upon", "Within", "Like", "Unlike", "Even",
        "Only", "Just", "Still", "However", "Meanwhile", "Moreover", "Furthermore", "Instead", "Now", "Today",
        "Yesterday", "Tomorrow", "Once", "Later", "Earlier", "Already", "Please", "Read", "Share", "Follow", "See",
        "Photo", "Image", "Video", "Source", "Editor", "Reporter", "Updated", "Published", "Posted", "Advertisement",
        "Related", "Mr", "Mrs", "Ms", "Dr",
        "Both", "Neither", "Either", "Do", "Does", "Did", "Is", "Are", "Was", "Were", "Be", "Been", "Has", "Have",
        "Had", "Will", "Would", "Can", "Could", "Should", "May", "Might", "Must", "Let", "Let's", "Yes", "Oh",
    ]

    /// Month names and their abbreviations, to month numbers.
    static let months: [String: Int] = [
        "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7, "August": 8,
        "September": 9, "October": 10, "November": 11, "December": 12, "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4,
        "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
    ]

    static let weekdays: Set<String> = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// Currency words after an amount (`3.2 billion yuan`).
    static let currencyWords: Set<String> = [
        "yuan", "renminbi", "RMB", "CNY", "dollars", "dollar", "USD", "euros", "euro", "EUR", "pounds", "GBP", "yen",
        "JPY", "won", "rupees", "rupee", "roubles", "rubles", "francs", "HKD", "pesos", "reais", "ringgit", "baht",
    ]

    /// Scale words inside an amount (`1.5 million`).
    static let scaleWords: Set<String> = ["thousand", "million", "billion", "trillion", "mln", "bln", "bn", "m", "k"]

    /// Units after a number that make it a quantity.
    static let unitWords: Set<String> = [
        "percent", "per", "km", "kilometers", "kilometres", "kilometer", "kilometre", "miles", "mile", "meters",
        "metres", "meter", "metre", "cm", "mm", "feet", "foot", "inches", "hectares", "hectare", "acres", "tons",
        "tonnes", "ton", "tonne", "kg", "kilograms", "grams", "pounds", "liters", "litres", "gallons", "barrels",
        "degrees", "mph", "kph", "kmh", "kW", "MW", "GW", "kWh", "GWh", "TWh", "watts", "volts", "years", "months",
        "weeks", "days", "hours", "minutes", "seconds", "people", "residents", "workers", "students", "cases",
        "deaths", "patients", "units", "households", "jobs", "vehicles", "cars", "horsepower", "GB", "TB", "MB",
        "square", "cubic",
    ]

    /// Role words that do not make a role when written in lowercase before a name (`head of…`).
    static let notLowercaseRoles: Set<String> = ["Father", "Head", "Chair", "Leader", "Officer", "General", "Justice", "Vice", "Deputy", "Crown"]

    /// Every list above in one byte-keyed table: a token's lists from one lookup.
    static let lexicon: WordLexicon = {
        func lowercasedFirst(_ word: String) -> String { word.prefix(1).lowercased() + word.dropFirst() }
        let multiWordPlaces = places.filter { $0.contains(" ") }
        return WordLexicon([
            (.place, Array(places)),
            (.placeStart, multiWordPlaces.map { String($0.prefix { $0 != " " }) }),
            (.placeSuffix, Array(placeSuffixes)),
            (.organizationHead, Array(organizationHeads)),
            (.organizationName, Array(organizationNames)),
            (.nonOrganizationAcronym, Array(nonOrganizationAcronyms)),
            (.placeAcronym, Array(placeAcronyms)),
            (.roleHead, Array(roleHeads)),
            (.lowercaseRoleWord, roleHeads.map(lowercasedFirst)),
            (.lowercaseRoleHead, roleHeads.subtracting(honorifics).subtracting(notLowercaseRoles).map(lowercasedFirst)),
            (.honorific, Array(honorifics)),
            (.speechVerb, Array(speechVerbs)),
            (.personPronoun, Array(personPronouns)),
            (.stopCapital, Array(stopCapitals)),
            (.month, Array(months.keys)),
            (.weekday, Array(weekdays)),
            (.currency, Array(currencyWords)),
            (.scale, Array(scaleWords)),
            (.unit, Array(unitWords)),
        ])
    }()
}
