// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {KithExtension} from "./abstract/KithExtension.sol";
import {KithOwnedIds} from "./abstract/KithOwnedIds.sol";
import {KithSignatures} from "./abstract/KithSignatures.sol";
import {IKithChannels} from "./interfaces/IKithChannels.sol";
import {Handles} from "./libraries/Handles.sol";
import {Scopes} from "./libraries/Scopes.sol";

/// @notice The one call a token gate makes: ERC-20 and ERC-721 both have it.
interface IBalanceOf {
    /// @notice The number of tokens `account` holds.
    function balanceOf(address account) external view returns (uint256);
}

/// @title KithChannels
/// @notice Channels: named communities with an owner, moderators, a membership rule, bans, hidden
///         posts and a pinned post. Posting into a channel needs standing `Member`, checked here.
/// @dev Stores per channel its rule, moderators and each profile's standing; hides and pins are
///      events only.
contract KithChannels is IKithChannels, KithExtension, KithOwnedIds {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithChannels
    uint256 public constant MAX_REASON_LENGTH = 256;
    /// @notice Longest post URI, as in Kith.
    uint256 public constant MAX_URI_LENGTH = 512;
    /// @dev The post kind of channel posts in their ids (Kith's kinds are 0-3).
    uint256 private constant _CHANNEL_POST_KIND = 4;

    /// @notice EIP-712 type hash of `CreateChannel`, signed for `createChannelFor`.
    bytes32 public constant CREATE_CHANNEL_TYPEHASH = keccak256(
        "CreateChannel(string name,address owner,uint8 membership,address gateToken,uint256 minBalance,uint256 nonce,uint256 deadline)"
    );
    /// @notice EIP-712 type hash of `SetRules`, signed for `setRulesFor`.
    bytes32 public constant SET_RULES_TYPEHASH = keccak256(
        "SetRules(uint256 channelId,uint8 membership,address gateToken,uint256 minBalance,uint256 nonce,uint256 deadline)"
    );
    /// @notice EIP-712 type hash of `SetModerator`, signed for `setModeratorFor`.
    bytes32 public constant SET_MODERATOR_TYPEHASH =
        keccak256("SetModerator(uint256 channelId,address account,bool enabled,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `ApproveMember`, signed for `approveMemberFor`.
    bytes32 public constant APPROVE_MEMBER_TYPEHASH =
        keccak256("ApproveMember(uint256 channelId,uint256 profileId,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `SetBanned`, signed for `setBannedFor`.
    bytes32 public constant SET_BANNED_TYPEHASH = keccak256(
        "SetBanned(uint256 channelId,uint256 profileId,bool banned,string reason,uint256 nonce,uint256 deadline)"
    );
    /// @notice EIP-712 type hash of `SetPostHidden`, signed for `setPostHiddenFor`.
    bytes32 public constant SET_POST_HIDDEN_TYPEHASH = keccak256(
        "SetPostHidden(uint256 channelId,uint256 postId,bool hidden,string reason,uint256 nonce,uint256 deadline)"
    );
    /// @notice EIP-712 type hash of `PinPost`, signed for `pinPostFor`.
    bytes32 public constant PIN_POST_TYPEHASH =
        keccak256("PinPost(uint256 channelId,uint256 postId,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `JoinChannel`, signed for `joinChannelFor`.
    bytes32 public constant JOIN_CHANNEL_TYPEHASH =
        keccak256("JoinChannel(uint256 profileId,uint256 channelId,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `LeaveChannel`, signed for `leaveChannelFor`.
    bytes32 public constant LEAVE_CHANNEL_TYPEHASH =
        keccak256("LeaveChannel(uint256 profileId,uint256 channelId,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `PostInChannel`, signed for `postInChannelFor`.
    bytes32 public constant POST_IN_CHANNEL_TYPEHASH = keccak256(
        "PostInChannel(uint256 profileId,uint256 channelId,bytes32 contentHash,string uri,uint256 nonce,uint256 deadline)"
    );

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithChannels
    uint256 public channelCount;

    /// @dev Channel id per packed name (see `Handles`).
    mapping(uint96 nameCode => uint256 channelId) private _channelIds;

    mapping(uint256 channelId => Rules rules) private _rules;

    /// @dev Per channel and account: the channel's moderator generation + 1 when the account was
    ///      made a moderator in it, else 0. A change of owner moves the generation on, which voids
    ///      every earlier appointment without a loop.
    mapping(uint256 channelId => mapping(address account => uint256 generationPlusOne)) private _moderators;

    mapping(uint256 channelId => uint256 generation) private _moderatorGenerations;

    mapping(uint256 channelId => mapping(uint256 profileId => MemberStatus status)) private _statuses;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @notice EIP-712 domain: name "Kith Channels", version "1", this chain and this contract.
    /// @param _kith The Kith contract whose profiles join and post.
    constructor(address _kith) KithExtension(_kith) KithSignatures("Kith Channels", "1") {}

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithChannels
    function channelIdOf(string calldata name) external view returns (uint256) {
        uint96 code = Handles.tryEncode(name);
        return code == 0 ? 0 : _channelIds[code];
    }

    /// @inheritdoc IKithChannels
    function rulesOf(uint256 channelId) external view returns (Rules memory) {
        return _rules[channelId];
    }

    /// @inheritdoc IKithChannels
    function isModerator(uint256 channelId, address account) public view returns (bool) {
        uint256 appointed = _moderators[channelId][account];
        return (appointed != 0 && appointed == _moderatorGenerations[channelId] + 1)
            || (ownerOf[channelId] == account && account != address(0));
    }

    /// @inheritdoc IKithChannels
    function memberStatusOf(uint256 channelId, uint256 profileId) external view returns (MemberStatus) {
        return _statuses[channelId][profileId];
    }

    /// @inheritdoc IKithChannels
    function computeChannelPostId(uint256 profileId, uint256 channelId, bytes32 contentHash)
        public
        pure
        returns (uint256)
    {
        bytes32 digest = keccak256(abi.encode(profileId, _CHANNEL_POST_KIND, channelId, contentHash));
        return (profileId << 160) | uint160(uint256(digest));
    }

    /*//////////////////////////////////////////////////////////////
                              OWNER ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithChannels
    function createChannel(
        string calldata name,
        address owner,
        Membership membership,
        address gateToken,
        uint256 minBalance
    ) external returns (uint256) {
        return _createChannel(name, owner, Rules(membership, gateToken, minBalance));
    }

    /// @inheritdoc IKithChannels
    function setRules(uint256 channelId, Membership membership, address gateToken, uint256 minBalance) external {
        _setRules(msg.sender, channelId, Rules(membership, gateToken, minBalance));
    }

    /// @inheritdoc IKithChannels
    function setModerator(uint256 channelId, address account, bool enabled) external {
        _setModerator(msg.sender, channelId, account, enabled);
    }

    /*//////////////////////////////////////////////////////////////
                            MODERATOR ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithChannels
    function approveMember(uint256 channelId, uint256 profileId) external {
        _approveMember(msg.sender, channelId, profileId);
    }

    /// @inheritdoc IKithChannels
    function setBanned(uint256 channelId, uint256 profileId, bool banned, string calldata reason) external {
        _setBanned(msg.sender, channelId, profileId, banned, reason);
    }

    /// @inheritdoc IKithChannels
    function setPostHidden(uint256 channelId, uint256 postId, bool hidden, string calldata reason) external {
        _setPostHidden(msg.sender, channelId, postId, hidden, reason);
    }

    /// @inheritdoc IKithChannels
    function pinPost(uint256 channelId, uint256 postId) external {
        _pinPost(msg.sender, channelId, postId);
    }

    /*//////////////////////////////////////////////////////////////
                             MEMBER ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithChannels
    function joinChannel(uint256 profileId, uint256 channelId) external {
        _joinChannel(_authorize(profileId, msg.sender, Scopes.FOLLOW), profileId, channelId);
    }

    /// @inheritdoc IKithChannels
    function leaveChannel(uint256 profileId, uint256 channelId) external {
        _authorize(profileId, msg.sender, Scopes.FOLLOW);
        _leaveChannel(profileId, channelId);
    }

    /// @inheritdoc IKithChannels
    function postInChannel(uint256 profileId, uint256 channelId, bytes32 contentHash, string calldata uri)
        external
        returns (uint256)
    {
        _authorize(profileId, msg.sender, Scopes.POST);
        return _postInChannel(msg.sender, profileId, channelId, contentHash, uri);
    }

    /*//////////////////////////////////////////////////////////////
                             SIGNED ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithChannels
    function createChannelFor(
        string calldata name,
        address owner,
        Membership membership,
        address gateToken,
        uint256 minBalance,
        SignedAuth calldata auth
    ) external returns (uint256) {
        Rules memory rules = Rules(membership, gateToken, minBalance);
        _verify(
            keccak256(
                abi.encode(
                    CREATE_CHANNEL_TYPEHASH,
                    keccak256(bytes(name)),
                    owner,
                    rules.membership,
                    rules.gateToken,
                    rules.minBalance,
                    auth.nonce,
                    auth.deadline
                )
            ),
            auth
        );
        return _createChannel(name, owner, rules);
    }

    /// @inheritdoc IKithChannels
    function setRulesFor(
        uint256 channelId,
        Membership membership,
        address gateToken,
        uint256 minBalance,
        SignedAuth calldata auth
    ) external {
        Rules memory rules = Rules(membership, gateToken, minBalance);
        bytes32 structHash = keccak256(
            abi.encode(
                SET_RULES_TYPEHASH,
                channelId,
                rules.membership,
                rules.gateToken,
                rules.minBalance,
                auth.nonce,
                auth.deadline
            )
        );
        _setRules(_verify(structHash, auth), channelId, rules);
    }

    /// @inheritdoc IKithChannels
    function setModeratorFor(uint256 channelId, address account, bool enabled, SignedAuth calldata auth) external {
        bytes32 structHash =
            keccak256(abi.encode(SET_MODERATOR_TYPEHASH, channelId, account, enabled, auth.nonce, auth.deadline));
        _setModerator(_verify(structHash, auth), channelId, account, enabled);
    }

    /// @inheritdoc IKithChannels
    function approveMemberFor(uint256 channelId, uint256 profileId, SignedAuth calldata auth) external {
        bytes32 structHash =
            keccak256(abi.encode(APPROVE_MEMBER_TYPEHASH, channelId, profileId, auth.nonce, auth.deadline));
        _approveMember(_verify(structHash, auth), channelId, profileId);
    }

    /// @inheritdoc IKithChannels
    function setBannedFor(
        uint256 channelId,
        uint256 profileId,
        bool banned,
        string calldata reason,
        SignedAuth calldata auth
    ) external {
        bytes32 structHash = keccak256(
            abi.encode(
                SET_BANNED_TYPEHASH, channelId, profileId, banned, keccak256(bytes(reason)), auth.nonce, auth.deadline
            )
        );
        _setBanned(_verify(structHash, auth), channelId, profileId, banned, reason);
    }

    /// @inheritdoc IKithChannels
    function setPostHiddenFor(
        uint256 channelId,
        uint256 postId,
        bool hidden,
        string calldata reason,
        SignedAuth calldata auth
    ) external {
        bytes32 structHash = keccak256(
            abi.encode(
                SET_POST_HIDDEN_TYPEHASH, channelId, postId, hidden, keccak256(bytes(reason)), auth.nonce, auth.deadline
            )
        );
        _setPostHidden(_verify(structHash, auth), channelId, postId, hidden, reason);
    }

    /// @inheritdoc IKithChannels
    function pinPostFor(uint256 channelId, uint256 postId, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(abi.encode(PIN_POST_TYPEHASH, channelId, postId, auth.nonce, auth.deadline));
        _pinPost(_verify(structHash, auth), channelId, postId);
    }

    /// @inheritdoc IKithChannels
    function joinChannelFor(uint256 profileId, uint256 channelId, SignedAuth calldata auth) external {
        bytes32 structHash =
            keccak256(abi.encode(JOIN_CHANNEL_TYPEHASH, profileId, channelId, auth.nonce, auth.deadline));
        _joinChannel(_authorize(profileId, _verify(structHash, auth), Scopes.FOLLOW), profileId, channelId);
    }

    /// @inheritdoc IKithChannels
    function leaveChannelFor(uint256 profileId, uint256 channelId, SignedAuth calldata auth) external {
        bytes32 structHash =
            keccak256(abi.encode(LEAVE_CHANNEL_TYPEHASH, profileId, channelId, auth.nonce, auth.deadline));
        _authorize(profileId, _verify(structHash, auth), Scopes.FOLLOW);
        _leaveChannel(profileId, channelId);
    }

    /// @inheritdoc IKithChannels
    function postInChannelFor(
        uint256 profileId,
        uint256 channelId,
        bytes32 contentHash,
        string calldata uri,
        SignedAuth calldata auth
    ) external returns (uint256) {
        bytes32 structHash = keccak256(
            abi.encode(
                POST_IN_CHANNEL_TYPEHASH,
                profileId,
                channelId,
                contentHash,
                keccak256(bytes(uri)),
                auth.nonce,
                auth.deadline
            )
        );
        address signer = _verify(structHash, auth);
        _authorize(profileId, signer, Scopes.POST);
        return _postInChannel(signer, profileId, channelId, contentHash, uri);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    function _createChannel(string calldata name, address owner, Rules memory rules) private returns (uint256 channelId) {
        uint96 code = Handles.encode(name);
        uint256 holder = _channelIds[code];
        if (holder != 0) revert ChannelNameTaken(name, holder);
        _requireRules(rules);
        // Ids grow by one per channel; 2**256 channels cannot happen.
        unchecked {
            channelId = ++channelCount;
        }
        _channelIds[code] = channelId;
        _rules[channelId] = rules;
        emit ChannelCreated(channelId, owner, name);
        emit RulesChanged(channelId, rules.membership, rules.gateToken, rules.minBalance);
        _setFirstOwner(channelId, owner);
    }

    function _setRules(address actor, uint256 channelId, Rules memory rules) private {
        _requireOwner(channelId, actor);
        _requireRules(rules);
        _rules[channelId] = rules;
        emit RulesChanged(channelId, rules.membership, rules.gateToken, rules.minBalance);
    }

    function _setModerator(address actor, uint256 channelId, address account, bool enabled) private {
        _requireOwner(channelId, actor);
        _moderators[channelId][account] = enabled ? _moderatorGenerations[channelId] + 1 : 0;
        emit ModeratorSet(channelId, account, enabled);
    }

    /// @dev A new owner starts without the previous owners' moderators.
    function _afterOwnershipTransferred(uint256 channelId) internal override {
        // One generation per accepted transfer: 2**256 transfers cannot happen.
        unchecked {
            ++_moderatorGenerations[channelId];
        }
        emit ModeratorsCleared(channelId);
    }

    function _approveMember(address actor, uint256 channelId, uint256 profileId) private {
        _requireModerator(channelId, actor);
        MemberStatus status = _statuses[channelId][profileId];
        if (status != MemberStatus.Requested) revert InvalidStatus(channelId, profileId, status);
        _statuses[channelId][profileId] = MemberStatus.Member;
        emit MemberJoined(channelId, profileId, actor);
    }

    function _setBanned(address actor, uint256 channelId, uint256 profileId, bool banned, string calldata reason)
        private
    {
        _requireModerator(channelId, actor);
        _requireReason(reason);
        MemberStatus status = _statuses[channelId][profileId];
        if (banned) {
            if (status == MemberStatus.Banned) revert InvalidStatus(channelId, profileId, status);
            _statuses[channelId][profileId] = MemberStatus.Banned;
            emit MemberBanned(channelId, profileId, actor, reason);
        } else {
            if (status != MemberStatus.Banned) revert InvalidStatus(channelId, profileId, status);
            delete _statuses[channelId][profileId];
            emit MemberUnbanned(channelId, profileId, actor, reason);
        }
    }

    function _setPostHidden(address actor, uint256 channelId, uint256 postId, bool hidden, string calldata reason)
        private
    {
        _requireModerator(channelId, actor);
        _requireReason(reason);
        if (postId >> 160 == 0) revert UnknownPost(postId);
        emit PostHidden(channelId, postId, actor, hidden, reason);
    }

    function _pinPost(address actor, uint256 channelId, uint256 postId) private {
        _requireModerator(channelId, actor);
        if (postId != 0 && postId >> 160 == 0) revert UnknownPost(postId);
        emit PostPinned(channelId, postId, actor);
    }

    /// @dev `custody` is the profile's custody (authorized by the caller): the holder a gate counts.
    function _joinChannel(address custody, uint256 profileId, uint256 channelId) private {
        if (ownerOf[channelId] == address(0)) revert UnknownChannel(channelId);
        MemberStatus status = _statuses[channelId][profileId];
        if (status == MemberStatus.Banned) revert Banned(channelId, profileId);
        if (status != MemberStatus.None) revert InvalidStatus(channelId, profileId, status);
        Rules storage rules = _rules[channelId];
        Membership membership = rules.membership;
        if (membership == Membership.Approval) {
            _statuses[channelId][profileId] = MemberStatus.Requested;
            emit MembershipRequested(channelId, profileId);
            return;
        }
        if (membership == Membership.TokenGated) {
            // A view call (STATICCALL): the token cannot change any state here.
            uint256 balance = IBalanceOf(rules.gateToken).balanceOf(custody);
            if (balance < rules.minBalance) revert BelowGate(channelId, balance, rules.minBalance);
        }
        _statuses[channelId][profileId] = MemberStatus.Member;
        emit MemberJoined(channelId, profileId, address(0));
    }

    function _leaveChannel(uint256 profileId, uint256 channelId) private {
        MemberStatus status = _statuses[channelId][profileId];
        if (status == MemberStatus.Banned) revert Banned(channelId, profileId);
        if (status == MemberStatus.None) revert InvalidStatus(channelId, profileId, status);
        delete _statuses[channelId][profileId];
        emit MemberLeft(channelId, profileId);
    }

    /// @dev Callers have authorized `actor` for `profileId` with the POST scope.
    function _postInChannel(
        address actor,
        uint256 profileId,
        uint256 channelId,
        bytes32 contentHash,
        string calldata uri
    ) private returns (uint256 postId) {
        MemberStatus status = _statuses[channelId][profileId];
        if (status != MemberStatus.Member) {
            if (status == MemberStatus.Banned) revert Banned(channelId, profileId);
            revert InvalidStatus(channelId, profileId, status);
        }
        if (contentHash == bytes32(0)) revert EmptyContent();
        if (bytes(uri).length > MAX_URI_LENGTH) revert UriTooLong(bytes(uri).length, MAX_URI_LENGTH);
        postId = computeChannelPostId(profileId, channelId, contentHash);
        emit ChannelPosted(postId, channelId, profileId, actor, contentHash, uri);
    }

    function _requireModerator(uint256 channelId, address actor) private view {
        if (!isModerator(channelId, actor)) revert NotModerator(channelId, actor);
    }

    function _requireRules(Rules memory rules) private pure {
        bool gated = rules.membership == Membership.TokenGated;
        if (gated != (rules.gateToken != address(0)) || gated != (rules.minBalance != 0)) {
            revert InvalidRules(rules.membership, rules.gateToken, rules.minBalance);
        }
    }

    function _requireReason(string calldata reason) private pure {
        if (bytes(reason).length > MAX_REASON_LENGTH) revert ReasonTooLong(bytes(reason).length, MAX_REASON_LENGTH);
    }
}
