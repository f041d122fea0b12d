extension AWSKMSResponses {
    /// One input's responses as read, in pages that are let go as they are joined (``add(input:)``).
    /// Held whole until their input was joined, 400k keys' three inputs' responses (115 MB) sat
    /// beside the whole join at a collect's peak, and each was copied once more to drop the slack of
    /// its growing array.
    struct ResponsePages {
        /// A page is grown as responses come, never reserved: a folder of 1,500 one-response files
        /// holds 1,500 small pages.
        private static var pageSize: Int { 4_096 }
        private var pages: [[Response]] = []
        /// How many of the responses are `describe-key` responses.
        private(set) var descriptions = 0

        mutating func append(_ response: Response) {
            if pages.last.map({ $0.count == Self.pageSize }) ?? true { pages.append([]) }
            pages[pages.count - 1].append(response)
            if response.isDescription { descriptions += 1 }
        }

        /// Hands over every response in order, each page let go once handed over: afterwards none is held.
        mutating func consume(_ body: (Response) throws(MisplacedResponse) -> Void) throws(MisplacedResponse) {
            defer { pages = [] }
            for index in pages.indices {
                let page = pages[index]
                pages[index] = []
                for response in page { try body(response) }
            }
        }
    }
}
