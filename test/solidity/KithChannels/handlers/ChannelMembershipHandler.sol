// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Kith} from "../../../../contracts/Kith.sol";
import {KithChannels} from "../../../../contracts/KithChannels.sol";
import {IKithChannels} from "../../../../contracts/interfaces/IKithChannels.sol";
import {ModelHandler} from "../../handlers/ModelHandler.sol";

/// @notice Drives random joins, leaves, approvals, bans, unbans and posts of a few profiles in an
///         open and an approval channel, for `KithChannelsInvariantTest`.
/// @dev The ghost status per (channel, profile) is the handler's own model of the interface rules;
///      every call is made with the outcome the model predicts (see `ModelHandler`). Posts are
///      tried from every standing: a banned profile's attempt must revert with `Banned`.
contract ChannelMembershipHandler is ModelHandler {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @notice Profiles 1..PROFILES exist; channels 1 (open) and 2 (approval).
    uint256 public constant PROFILES = 4;
    uint256 public constant CHANNELS = 2;

    /*//////////////////////////////////////////////////////////////
                                IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    Kith public immutable kith;
    KithChannels public immutable channels;
    address public immutable owner;
    address public immutable moderator;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    mapping(uint256 channelId => mapping(uint256 profileId => IKithChannels.MemberStatus status)) public ghostStatus;

    /// @notice Posts the contract accepted, and those of them made while the model said Banned
    ///         (must stay 0) or anything but Member (must stay 0).
    uint256 public postsAccepted;
    uint256 public postsWhileBanned;
    uint256 public postsWhileNotMember;
    /// @notice Post attempts while banned, and those that did not revert with `Banned` (must stay 0).
    uint256 public bannedPostAttempts;
    uint256 public bannedPostsNotRefusedWithBanned;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    constructor(Kith _kith, KithChannels _channels) {
        kith = _kith;
        channels = _channels;
        owner = makeAddr("channel owner");
        moderator = makeAddr("channel moderator");
        for (uint256 i = 1; i <= PROFILES; ++i) {
            string memory handle = string.concat("member", vm.toString(i));
            vm.prank(makeAddr(handle));
            require(_kith.register(handle, address(0), 0) == i, "ChannelMembershipHandler: ids must be 1..PROFILES");
        }
        vm.prank(owner);
        _channels.createChannel("open", owner, IKithChannels.Membership.Open, address(0), 0);
        vm.prank(owner);
        _channels.createChannel("approval", owner, IKithChannels.Membership.Approval, address(0), 0);
        for (uint256 c = 1; c <= CHANNELS; ++c) {
            vm.prank(owner);
            _channels.setModerator(c, moderator, true);
        }
    }

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    function join(uint256 profileSeed, uint256 channelSeed) external {
        (uint256 profileId, uint256 channelId, IKithChannels.MemberStatus status) = _pick(profileSeed, channelSeed);
        bytes memory expectedError;
        if (status == IKithChannels.MemberStatus.Banned) expectedError = _bannedError(channelId, profileId);
        else if (status != IKithChannels.MemberStatus.None) expectedError = _statusError(channelId, profileId, status);
        bytes memory callData = abi.encodeCall(KithChannels.joinChannel, (profileId, channelId));
        if (_attempt(address(channels), kith.custodyOf(profileId), callData, expectedError)) {
            ghostStatus[channelId][profileId] =
                channelId == 2 ? IKithChannels.MemberStatus.Requested : IKithChannels.MemberStatus.Member;
        }
    }

    function leave(uint256 profileSeed, uint256 channelSeed) external {
        (uint256 profileId, uint256 channelId, IKithChannels.MemberStatus status) = _pick(profileSeed, channelSeed);
        bytes memory expectedError;
        if (status == IKithChannels.MemberStatus.Banned) expectedError = _bannedError(channelId, profileId);
        else if (status == IKithChannels.MemberStatus.None) expectedError = _statusError(channelId, profileId, status);
        bytes memory callData = abi.encodeCall(KithChannels.leaveChannel, (profileId, channelId));
        if (_attempt(address(channels), kith.custodyOf(profileId), callData, expectedError)) {
            ghostStatus[channelId][profileId] = IKithChannels.MemberStatus.None;
        }
    }

    function approve(uint256 profileSeed, uint256 channelSeed, bool byOwner) external {
        (uint256 profileId, uint256 channelId, IKithChannels.MemberStatus status) = _pick(profileSeed, channelSeed);
        bytes memory expectedError;
        if (status != IKithChannels.MemberStatus.Requested) expectedError = _statusError(channelId, profileId, status);
        bytes memory callData = abi.encodeCall(KithChannels.approveMember, (channelId, profileId));
        if (_attempt(address(channels), byOwner ? owner : moderator, callData, expectedError)) {
            ghostStatus[channelId][profileId] = IKithChannels.MemberStatus.Member;
        }
    }

    function setBanned(uint256 profileSeed, uint256 channelSeed, bool banned) external {
        (uint256 profileId, uint256 channelId, IKithChannels.MemberStatus status) = _pick(profileSeed, channelSeed);
        bool isBanned = status == IKithChannels.MemberStatus.Banned;
        bytes memory expectedError;
        if (banned == isBanned) expectedError = _statusError(channelId, profileId, status);
        bytes memory callData = abi.encodeCall(KithChannels.setBanned, (channelId, profileId, banned, "fuzzed"));
        if (_attempt(address(channels), moderator, callData, expectedError)) {
            ghostStatus[channelId][profileId] = banned ? IKithChannels.MemberStatus.Banned : IKithChannels.MemberStatus.None;
        }
    }

    /// @dev Tried from every standing; only a member's post may land.
    function post(uint256 profileSeed, uint256 channelSeed, bytes32 contentHash) external {
        (uint256 profileId, uint256 channelId, IKithChannels.MemberStatus status) = _pick(profileSeed, channelSeed);
        if (contentHash == bytes32(0)) contentHash = bytes32(uint256(1));
        bool banned = status == IKithChannels.MemberStatus.Banned;
        bytes memory expectedError;
        if (banned) expectedError = _bannedError(channelId, profileId);
        else if (status != IKithChannels.MemberStatus.Member) expectedError = _statusError(channelId, profileId, status);

        address custody = kith.custodyOf(profileId);
        bytes memory callData = abi.encodeCall(KithChannels.postInChannel, (profileId, channelId, contentHash, ""));
        vm.prank(custody);
        (bool ok, bytes memory returned) = address(channels).call(callData);
        if (banned) {
            ++bannedPostAttempts;
            if (ok || keccak256(returned) != keccak256(expectedError)) ++bannedPostsNotRefusedWithBanned;
        }
        if (ok) {
            ++postsAccepted;
            if (banned) ++postsWhileBanned;
            if (status != IKithChannels.MemberStatus.Member) ++postsWhileNotMember;
        } else if (expectedError.length == 0 || keccak256(returned) != keccak256(expectedError)) {
            ++mismatches;
            lastMismatch = abi.encode(callData, expectedError, returned);
        }
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    function _pick(uint256 profileSeed, uint256 channelSeed)
        internal
        view
        returns (uint256 profileId, uint256 channelId, IKithChannels.MemberStatus status)
    {
        profileId = profileSeed % PROFILES + 1;
        channelId = channelSeed % CHANNELS + 1;
        status = ghostStatus[channelId][profileId];
    }

    function _bannedError(uint256 channelId, uint256 profileId) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithChannels.Banned.selector, channelId, profileId);
    }

    function _statusError(uint256 channelId, uint256 profileId, IKithChannels.MemberStatus status)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(IKithChannels.InvalidStatus.selector, channelId, profileId, status);
    }
}
