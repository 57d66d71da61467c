// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithGraph} from "../../contracts/interfaces/IKithGraph.sol";
import {IKithPosts} from "../../contracts/interfaces/IKithPosts.sol";
import {IKithProfiles} from "../../contracts/interfaces/IKithProfiles.sol";

/// @title KithSeeder
/// @notice Benchmark only: fills a local chain with many profiles and actions through real Kith
///         calls, hundreds per transaction. It registers the profiles itself, so it is their
///         custody, and then acts for them in batches. Never deployed by `npm run deploy`;
///         `npm run seed:large` deploys it on the local chain it fills.
/// @dev Every batch is a plain loop of external calls into Kith, so Kith emits exactly the events
///      (and runs exactly the checks) that one transaction per action would. Only `operator`, the
///      deployer, may call it: the profiles it holds are the benchmark's, not anyone's.
contract KithSeeder {
    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice Only the operator (the deployer) may act for the seeded profiles.
    error NotOperator(address caller);
    /// @notice Two parallel arrays of one batch differ in length.
    error LengthMismatch(uint256 expected, uint256 actual);

    /*//////////////////////////////////////////////////////////////
                               IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    /// @notice The Kith contract the profiles live in.
    address public immutable kith;

    /// @notice The only caller of the batch functions.
    address public immutable operator;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @notice Kith actions performed so far (one per array element of every batch). A seeder that
    ///         keeps several transactions in flight compares it with what it sent, so it learns
    ///         that none reverted without fetching receipts (which carry thousands of logs each).
    uint256 public actionCount;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @param _kith The Kith contract to seed.
    constructor(address _kith) {
        kith = _kith;
        operator = msg.sender;
    }

    /*//////////////////////////////////////////////////////////////
                               SEED LOGIC
    //////////////////////////////////////////////////////////////*/

    /// @notice Registers one profile per handle, with this contract as custody, no recovery and no
    ///         metadata. Ids are consecutive: the first is `IKithProfiles.profileCount() + 1`.
    function registerMany(string[] calldata handles) external onlyOperator {
        _count(handles.length);
        for (uint256 i; i < handles.length; ++i) {
            IKithProfiles(kith).register(handles[i], address(0), bytes32(0));
        }
    }

    /// @notice `followers[i]` follows `followees[i]`, for every i.
    function followMany(uint256[] calldata followers, uint256[] calldata followees) external onlyOperator {
        _requireLength(followers.length, followees.length);
        _count(followers.length);
        for (uint256 i; i < followers.length; ++i) {
            IKithGraph(kith).follow(followers[i], followees[i]);
        }
    }

    /// @notice `authors[i]` posts a body with digest `digests[i]`, for every i.
    function postMany(uint256[] calldata authors, bytes32[] calldata digests) external onlyOperator {
        _requireLength(authors.length, digests.length);
        _count(authors.length);
        for (uint256 i; i < authors.length; ++i) {
            IKithPosts(kith).post(authors[i], digests[i], "");
        }
    }

    /// @notice `authors[i]` replies to `parents[i]` with a body of digest `digests[i]`, for every i.
    function replyMany(uint256[] calldata authors, uint256[] calldata parents, bytes32[] calldata digests)
        external
        onlyOperator
    {
        _requireLength(authors.length, parents.length);
        _requireLength(authors.length, digests.length);
        _count(authors.length);
        for (uint256 i; i < authors.length; ++i) {
            IKithPosts(kith).reply(authors[i], parents[i], digests[i], "");
        }
    }

    /// @notice `authors[i]` quotes `quoted[i]` with a body of digest `digests[i]`, for every i.
    function quoteMany(uint256[] calldata authors, uint256[] calldata quoted, bytes32[] calldata digests)
        external
        onlyOperator
    {
        _requireLength(authors.length, quoted.length);
        _requireLength(authors.length, digests.length);
        _count(authors.length);
        for (uint256 i; i < authors.length; ++i) {
            IKithPosts(kith).quote(authors[i], quoted[i], digests[i], "");
        }
    }

    /// @notice `authors[i]` reposts `reposted[i]`, for every i.
    function repostMany(uint256[] calldata authors, uint256[] calldata reposted) external onlyOperator {
        _requireLength(authors.length, reposted.length);
        _count(authors.length);
        for (uint256 i; i < authors.length; ++i) {
            IKithPosts(kith).repost(authors[i], reposted[i]);
        }
    }

    /// @notice `profiles[i]` likes `posts[i]`, for every i.
    function likeMany(uint256[] calldata profiles, uint256[] calldata posts) external onlyOperator {
        _requireLength(profiles.length, posts.length);
        _count(profiles.length);
        for (uint256 i; i < profiles.length; ++i) {
            IKithPosts(kith).like(profiles[i], posts[i]);
        }
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    modifier onlyOperator() {
        if (msg.sender != operator) revert NotOperator(msg.sender);
        _;
    }

    function _count(uint256 actions) private {
        // Bounded by the calldata of all transactions ever sent: far below 2**256.
        unchecked {
            actionCount += actions;
        }
    }

    function _requireLength(uint256 expected, uint256 actual) private pure {
        if (actual != expected) revert LengthMismatch(expected, actual);
    }
}
