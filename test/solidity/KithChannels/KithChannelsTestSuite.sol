// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {KithChannels} from "../../../contracts/KithChannels.sol";
import {IKithChannels} from "../../../contracts/interfaces/IKithChannels.sol";
import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {TestNFT} from "../mocks/TestNFT.sol";
import {TestToken} from "../mocks/TestToken.sol";
import {KithExtensionTestSuite} from "../KithExtensionTestSuite.sol";

/// @notice Setup and helpers for the KithChannels tests: the suite's three profiles, a
///         `KithChannels` beside Kith with three channels owned by `founder` (open, approval, gated
///         by an ERC-20), a moderator, and the signed types written out from the interface.
abstract contract KithChannelsTestSuite is KithExtensionTestSuite {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @dev Written out from the interface docs, not read from the contract (STYLE 6).
    string internal constant CREATE_CHANNEL_TYPE =
        "CreateChannel(string name,address owner,uint8 membership,address gateToken,uint256 minBalance,uint256 nonce,uint256 deadline)";
    string internal constant SET_RULES_TYPE =
        "SetRules(uint256 channelId,uint8 membership,address gateToken,uint256 minBalance,uint256 nonce,uint256 deadline)";
    string internal constant SET_MODERATOR_TYPE =
        "SetModerator(uint256 channelId,address account,bool enabled,uint256 nonce,uint256 deadline)";
    string internal constant APPROVE_MEMBER_TYPE =
        "ApproveMember(uint256 channelId,uint256 profileId,uint256 nonce,uint256 deadline)";
    string internal constant SET_BANNED_TYPE =
        "SetBanned(uint256 channelId,uint256 profileId,bool banned,string reason,uint256 nonce,uint256 deadline)";
    string internal constant SET_POST_HIDDEN_TYPE =
        "SetPostHidden(uint256 channelId,uint256 postId,bool hidden,string reason,uint256 nonce,uint256 deadline)";
    string internal constant PIN_POST_TYPE = "PinPost(uint256 channelId,uint256 postId,uint256 nonce,uint256 deadline)";
    string internal constant JOIN_CHANNEL_TYPE =
        "JoinChannel(uint256 profileId,uint256 channelId,uint256 nonce,uint256 deadline)";
    string internal constant LEAVE_CHANNEL_TYPE =
        "LeaveChannel(uint256 profileId,uint256 channelId,uint256 nonce,uint256 deadline)";
    string internal constant POST_IN_CHANNEL_TYPE =
        "PostInChannel(uint256 profileId,uint256 channelId,bytes32 contentHash,string uri,uint256 nonce,uint256 deadline)";

    string internal constant CHANNELS_DOMAIN_NAME = "Kith Channels";

    uint256 internal constant MAX_REASON_LENGTH = 256;
    uint256 internal constant MAX_URI_LENGTH = 512;
    uint256 internal constant GATE_MIN = 100e18;
    string internal constant REASON = "spam, three times";

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    KithChannels internal channels;
    TestToken internal token;
    TestNFT internal nft;

    /// @dev Owns the suite's channels.
    address internal founder;
    uint256 internal founderPk;
    /// @dev Named a moderator of every channel by the founder.
    address internal moderator;
    uint256 internal moderatorPk;

    uint256 internal openId;
    uint256 internal approvalId;
    uint256 internal gatedId;

    /*//////////////////////////////////////////////////////////////
                                  SETUP
    //////////////////////////////////////////////////////////////*/

    function setUp() public virtual override {
        super.setUp();
        channels = new KithChannels(address(kith));
        token = new TestToken();
        nft = new TestNFT();
        (founder, founderPk) = makeAddrAndKey("founder");
        (moderator, moderatorPk) = makeAddrAndKey("moderator");

        openId = _createChannel("builders", IKithChannels.Membership.Open, address(0), 0);
        approvalId = _createChannel("council", IKithChannels.Membership.Approval, address(0), 0);
        gatedId = _createChannel("holders", IKithChannels.Membership.TokenGated, address(token), GATE_MIN);
        for (uint256 id = openId; id <= gatedId; ++id) {
            vm.prank(founder);
            channels.setModerator(id, moderator, true);
        }
    }

    function _extension() internal view override returns (address) {
        return address(channels);
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    function _createChannel(string memory name, IKithChannels.Membership membership, address gate, uint256 minBalance)
        internal
        returns (uint256)
    {
        vm.prank(founder);
        return channels.createChannel(name, founder, membership, gate, minBalance);
    }

    function _join(uint256 profileId, uint256 channelId) internal {
        vm.prank(kith.custodyOf(profileId));
        channels.joinChannel(profileId, channelId);
    }

    /// @dev `profileId` asks to join the approval channel and the moderator approves.
    function _joinApproved(uint256 profileId) internal {
        _join(profileId, approvalId);
        vm.prank(moderator);
        channels.approveMember(approvalId, profileId);
    }

    function _ban(uint256 profileId, uint256 channelId) internal {
        vm.prank(moderator);
        channels.setBanned(channelId, profileId, true, REASON);
    }

    function _postIn(uint256 profileId, uint256 channelId) internal returns (uint256) {
        vm.prank(kith.custodyOf(profileId));
        return channels.postInChannel(profileId, channelId, CONTENT_HASH, URI);
    }

    function _status(uint256 channelId, uint256 profileId) internal view returns (IKithChannels.MemberStatus) {
        return channels.memberStatusOf(channelId, profileId);
    }

    function _assertStatus(uint256 channelId, uint256 profileId, IKithChannels.MemberStatus expected) internal view {
        assertEq(uint8(_status(channelId, profileId)), uint8(expected), "member status");
    }

    /// @dev The documented channel post id, written out independently of the contract.
    function _expectedChannelPostId(uint256 profileId, uint256 channelId, bytes32 contentHash)
        internal
        pure
        returns (uint256)
    {
        return profileId << 160 | uint160(uint256(keccak256(abi.encode(profileId, uint256(4), channelId, contentHash))));
    }

    function _expectPosted(uint256 profileId, uint256 channelId, address actor) internal {
        vm.expectEmit(address(channels));
        emit IKithChannels.ChannelPosted(
            _expectedChannelPostId(profileId, channelId, CONTENT_HASH), channelId, profileId, actor, CONTENT_HASH, URI
        );
    }

    /// @dev `signerPk`'s signature of `typeString` over (profileId, channelId): join and leave.
    function _signMembership(string memory typeString, uint256 signerPk, uint256 profileId, uint256 channelId)
        internal
        view
        returns (IKithSignatures.SignedAuth memory)
    {
        return _sign(signerPk, typeString, abi.encode(profileId, channelId));
    }

    function _signPostIn(uint256 signerPk, uint256 profileId, uint256 channelId)
        internal
        view
        returns (IKithSignatures.SignedAuth memory)
    {
        return _sign(signerPk, POST_IN_CHANNEL_TYPE, abi.encode(profileId, channelId, CONTENT_HASH, keccak256(bytes(URI))));
    }

    function _signSetBanned(uint256 signerPk, uint256 channelId, uint256 profileId, bool banned)
        internal
        view
        returns (IKithSignatures.SignedAuth memory)
    {
        return _sign(signerPk, SET_BANNED_TYPE, abi.encode(channelId, profileId, banned, keccak256(bytes(REASON))));
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    function _invalidStatus(uint256 channelId, uint256 profileId, IKithChannels.MemberStatus status)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(IKithChannels.InvalidStatus.selector, channelId, profileId, status);
    }

    function _banned(uint256 channelId, uint256 profileId) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithChannels.Banned.selector, channelId, profileId);
    }

    function _notModerator(uint256 channelId, address caller) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithChannels.NotModerator.selector, channelId, caller);
    }

    function _belowGate(uint256 channelId, uint256 balance, uint256 minBalance) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithChannels.BelowGate.selector, channelId, balance, minBalance);
    }
}
