// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKithSignatures} from "./IKithSignatures.sol";

/// @title Kith channels
/// @notice Communities with their own rules. A channel has a unique name, an owner (any address:
///         an EOA, a Safe, a Governor's timelock) and moderators (addresses the owner names). Its
///         members are Kith profiles; membership is open, by a moderator's approval, or gated by a
///         balance of an ERC-20 or ERC-721 token held by the profile's custody when it joins.
///         Members post into the channel; moderators hide posts, ban members (both with a reason,
///         logged in the events) and pin one post. A banned profile cannot post into the channel.
/// @dev Channel post ids follow Kith's post ids with kind 4 and the channel as target:
///      `authorId << 160 | uint160(keccak256(abi.encode(authorId, 4, channelId, contentHash)))`,
///      so they never equal a Kith post's id (kinds 0-3) and Kith accepts replies, quotes, reposts,
///      likes and tips of them like of any post. Profile actions (join, leave) need the custody or
///      an app key with the FOLLOW scope; posting needs the POST scope. The owner counts as a
///      moderator.
interface IKithChannels {
    /// @notice Who may join. `Open`: any profile. `Approval`: joining asks, a moderator approves.
    ///         `TokenGated`: the profile's custody holds at least `minBalance` of `gateToken`
    ///         (ERC-20 or ERC-721 `balanceOf`) when it joins.
    enum Membership {
        Open,
        Approval,
        TokenGated
    }

    /// @notice A profile's standing in a channel.
    enum MemberStatus {
        None,
        Requested,
        Member,
        Banned
    }

    /// @notice A channel's membership rule.
    struct Rules {
        Membership membership;
        address gateToken;
        uint256 minBalance;
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The name is taken by channel `channelId`.
    error ChannelNameTaken(string name, uint256 channelId);
    /// @notice There is no channel `channelId`.
    error UnknownChannel(uint256 channelId);
    /// @notice A token gate needs a token and a minimum above 0; other rules need neither.
    error InvalidRules(Membership membership, address gateToken, uint256 minBalance);
    /// @notice `caller` is neither the channel's owner nor one of its moderators.
    error NotModerator(uint256 channelId, address caller);
    /// @notice The profile's standing does not allow the action (e.g. joining twice, approving a
    ///         profile that did not ask, posting without being a member).
    error InvalidStatus(uint256 channelId, uint256 profileId, MemberStatus status);
    /// @notice `profileId` is banned from `channelId`.
    error Banned(uint256 channelId, uint256 profileId);
    /// @notice The custody holds `balance` of the gate token, below the channel's minimum.
    error BelowGate(uint256 channelId, uint256 balance, uint256 minBalance);
    /// @notice A reason is at most `MAX_REASON_LENGTH` bytes.
    error ReasonTooLong(uint256 length, uint256 max);
    /// @notice The content digest is zero.
    error EmptyContent();
    /// @notice The URI is longer than `max` bytes.
    error UriTooLong(uint256 length, uint256 max);
    /// @notice `postId` cannot be a post: its author part is 0.
    error UnknownPost(uint256 postId);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice Channel `channelId` was created with `name` (a handle-like name, unique among
    ///         channels), owned by `owner`.
    /// @dev Channel ids count up from 1. `RulesChanged` and `OwnershipTransferred` follow in the
    ///      same transaction.
    event ChannelCreated(uint256 indexed channelId, address indexed owner, string name);

    /// @notice The channel's membership rule is `membership` from now on (members stay members).
    event RulesChanged(uint256 indexed channelId, Membership membership, address gateToken, uint256 minBalance);

    /// @notice The owner made `account` a moderator (`enabled`) or took that away.
    event ModeratorSet(uint256 indexed channelId, address indexed account, bool enabled);

    /// @notice The channel changed hands: every moderator the previous owners named is a moderator
    ///         no more (a new owner, e.g. a governance timelock, names its own).
    /// @dev Emitted right after `OwnershipTransferred` of an accepted transfer.
    event ModeratorsCleared(uint256 indexed channelId);

    /// @notice `profileId` joined, or was approved by `moderator` (the zero address when it joined
    ///         by itself). It is a member from this event until `MemberLeft` or `MemberBanned`.
    event MemberJoined(uint256 indexed channelId, uint256 indexed profileId, address moderator);

    /// @notice `profileId` asked to join a channel that needs approval.
    event MembershipRequested(uint256 indexed channelId, uint256 indexed profileId);

    /// @notice `profileId` left (or withdrew its request).
    event MemberLeft(uint256 indexed channelId, uint256 indexed profileId);

    /// @notice `moderator` banned `profileId` for `reason`: it cannot join or post until unbanned.
    event MemberBanned(uint256 indexed channelId, uint256 indexed profileId, address indexed moderator, string reason);

    /// @notice `moderator` lifted the ban of `profileId` for `reason`; it may join again.
    event MemberUnbanned(uint256 indexed channelId, uint256 indexed profileId, address indexed moderator, string reason);

    /// @notice `moderator` hid `postId` from the channel for `reason` (or showed it again: `hidden`
    ///         false).
    /// @dev Nothing is stored: the latest event per (channel, post) is in force. `postId` is not
    ///      checked to be in the channel; indexers apply it to the channel's own posts only.
    event PostHidden(uint256 indexed channelId, uint256 indexed postId, address indexed moderator, bool hidden, string reason);

    /// @notice `moderator` pinned `postId` to the channel (0: unpinned). One pin per channel: the
    ///         latest event is in force.
    event PostPinned(uint256 indexed channelId, uint256 indexed postId, address indexed moderator);

    /// @notice Member `profileId` posted `postId` into `channelId`, authorized by `actor` (its
    ///         custody or an app key), with the body's sha256 `contentHash` and an optional `uri`.
    /// @dev The indexer may rely on: `profileId` was a member, not banned, when this was emitted;
    ///      `postId` is computed as the interface says.
    event ChannelPosted(
        uint256 indexed postId,
        uint256 indexed channelId,
        uint256 indexed profileId,
        address actor,
        bytes32 contentHash,
        string uri
    );

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice Longest reason of a ban or a hide, in bytes.
    function MAX_REASON_LENGTH() external view returns (uint256);

    /// @notice Number of channels created; channel ids run from 1 to it.
    function channelCount() external view returns (uint256);

    /// @notice The channel called `name`; 0 when none.
    function channelIdOf(string calldata name) external view returns (uint256);

    /// @notice The membership rule of `channelId`.
    function rulesOf(uint256 channelId) external view returns (Rules memory);

    /// @notice Whether `account` is a moderator of `channelId` (the owner is, without being named).
    function isModerator(uint256 channelId, address account) external view returns (bool);

    /// @notice The standing of `profileId` in `channelId`.
    function memberStatusOf(uint256 channelId, uint256 profileId) external view returns (MemberStatus);

    /// @notice The id a post of `profileId` into `channelId` with `contentHash` gets.
    function computeChannelPostId(uint256 profileId, uint256 channelId, bytes32 contentHash)
        external
        pure
        returns (uint256);

    /*//////////////////////////////////////////////////////////////
                            OWNER ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Creates channel `name` (3-16 characters `a-z`, `0-9`, `_`, like handles) owned by
    ///         `owner` with the membership rule given. Returns its id.
    function createChannel(
        string calldata name,
        address owner,
        Membership membership,
        address gateToken,
        uint256 minBalance
    ) external returns (uint256 channelId);

    /// @notice Changes the membership rule. Owner only.
    function setRules(uint256 channelId, Membership membership, address gateToken, uint256 minBalance) external;

    /// @notice Makes `account` a moderator or takes that away. Owner only.
    function setModerator(uint256 channelId, address account, bool enabled) external;

    /*//////////////////////////////////////////////////////////////
                          MODERATOR ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Approves the request of `profileId` to join. Moderators only.
    function approveMember(uint256 channelId, uint256 profileId) external;

    /// @notice Bans `profileId` (`banned`) or lifts its ban, for `reason`. Moderators only.
    function setBanned(uint256 channelId, uint256 profileId, bool banned, string calldata reason) external;

    /// @notice Hides `postId` from the channel (`hidden`) or shows it again, for `reason`.
    ///         Moderators only.
    function setPostHidden(uint256 channelId, uint256 postId, bool hidden, string calldata reason) external;

    /// @notice Pins `postId` to the channel (0 unpins). Moderators only.
    function pinPost(uint256 channelId, uint256 postId) external;

    /*//////////////////////////////////////////////////////////////
                           MEMBER ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice `profileId` joins `channelId` (or asks to, when it needs approval).
    function joinChannel(uint256 profileId, uint256 channelId) external;

    /// @notice `profileId` leaves `channelId` (or withdraws its request).
    function leaveChannel(uint256 profileId, uint256 channelId) external;

    /// @notice Member `profileId` posts into `channelId`; returns the post id.
    function postInChannel(uint256 profileId, uint256 channelId, bytes32 contentHash, string calldata uri)
        external
        returns (uint256 postId);

    /*//////////////////////////////////////////////////////////////
                            SIGNED ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice `createChannel` signed by its creator.
    function createChannelFor(
        string calldata name,
        address owner,
        Membership membership,
        address gateToken,
        uint256 minBalance,
        IKithSignatures.SignedAuth calldata auth
    ) external returns (uint256 channelId);

    /// @notice `setRules` signed by the owner.
    function setRulesFor(
        uint256 channelId,
        Membership membership,
        address gateToken,
        uint256 minBalance,
        IKithSignatures.SignedAuth calldata auth
    ) external;

    /// @notice `setModerator` signed by the owner.
    function setModeratorFor(uint256 channelId, address account, bool enabled, IKithSignatures.SignedAuth calldata auth)
        external;

    /// @notice `approveMember` signed by a moderator.
    function approveMemberFor(uint256 channelId, uint256 profileId, IKithSignatures.SignedAuth calldata auth) external;

    /// @notice `setBanned` signed by a moderator.
    function setBannedFor(
        uint256 channelId,
        uint256 profileId,
        bool banned,
        string calldata reason,
        IKithSignatures.SignedAuth calldata auth
    ) external;

    /// @notice `setPostHidden` signed by a moderator.
    function setPostHiddenFor(
        uint256 channelId,
        uint256 postId,
        bool hidden,
        string calldata reason,
        IKithSignatures.SignedAuth calldata auth
    ) external;

    /// @notice `pinPost` signed by a moderator.
    function pinPostFor(uint256 channelId, uint256 postId, IKithSignatures.SignedAuth calldata auth) external;

    /// @notice `joinChannel` signed by the custody or an app key with the FOLLOW scope.
    function joinChannelFor(uint256 profileId, uint256 channelId, IKithSignatures.SignedAuth calldata auth) external;

    /// @notice `leaveChannel` signed by the custody or an app key with the FOLLOW scope.
    function leaveChannelFor(uint256 profileId, uint256 channelId, IKithSignatures.SignedAuth calldata auth) external;

    /// @notice `postInChannel` signed by the custody or an app key with the POST scope.
    function postInChannelFor(
        uint256 profileId,
        uint256 channelId,
        bytes32 contentHash,
        string calldata uri,
        IKithSignatures.SignedAuth calldata auth
    ) external returns (uint256 postId);
}
