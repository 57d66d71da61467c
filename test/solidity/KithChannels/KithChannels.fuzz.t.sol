// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithChannels} from "../../../contracts/interfaces/IKithChannels.sol";
import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {Scopes} from "../../../contracts/libraries/Scopes.sol";
import {KithChannelsTestSuite} from "./KithChannelsTestSuite.sol";

/// @notice Token gates around their minimum (ERC-20 and ERC-721), posting from every standing, and
///         reason lengths around the limit.
contract KithChannelsFuzzTest is KithChannelsTestSuite {
    /// @dev Joins `channelId` as alice; a member iff `balance >= minBalance`, else `BelowGate`.
    function _assertGate(uint256 channelId, uint256 balance, uint256 minBalance) internal {
        bool enough = balance >= minBalance;
        if (enough) {
            vm.expectEmit(address(channels));
            emit IKithChannels.MemberJoined(channelId, aliceId, address(0));
        } else {
            vm.expectRevert(_belowGate(channelId, balance, minBalance));
        }
        vm.prank(alice);
        channels.joinChannel(aliceId, channelId);
        _assertStatus(channelId, aliceId, enough ? IKithChannels.MemberStatus.Member : IKithChannels.MemberStatus.None);
    }

    function testFuzz_JoinChannel_ERC20GateAroundMinBalance(uint256 minBalance, uint256 offset, bool near) public {
        minBalance = bound(minBalance, 1, type(uint128).max);
        // Within 3 of the minimum most of the time, anywhere otherwise.
        uint256 balance = bound(offset, 0, type(uint128).max);
        if (near) {
            uint256 above = minBalance + offset % 7;
            balance = above < 3 ? 0 : above - 3;
        }
        vm.prank(founder);
        channels.setRules(gatedId, IKithChannels.Membership.TokenGated, address(token), minBalance);
        token.mint(alice, balance);
        _assertGate(gatedId, balance, minBalance);
    }

    function testFuzz_JoinChannel_ERC721GateAroundMinBalance(uint8 minBalance, uint8 held) public {
        minBalance = uint8(bound(minBalance, 1, 6));
        held = uint8(bound(held, 0, 8));
        uint256 channelId = _createChannel("nft_holders", IKithChannels.Membership.TokenGated, address(nft), minBalance);
        for (uint256 i; i < held; ++i) {
            nft.mint(alice);
        }
        _assertGate(channelId, held, minBalance);
    }

    /// @dev Brings alice to `status` in the approval channel through the contract's own actions.
    function _reach(IKithChannels.MemberStatus status) internal {
        if (status == IKithChannels.MemberStatus.None) return;
        _join(aliceId, approvalId);
        if (status == IKithChannels.MemberStatus.Member) {
            vm.prank(moderator);
            channels.approveMember(approvalId, aliceId);
        } else if (status == IKithChannels.MemberStatus.Banned) {
            _ban(aliceId, approvalId);
        }
        _assertStatus(approvalId, aliceId, status);
    }

    function testFuzz_PostInChannel_ByStatus(uint8 statusSeed, bool asAppKey, bool signed) public {
        IKithChannels.MemberStatus status = IKithChannels.MemberStatus(statusSeed % 4);
        _reach(status);
        (address actor, uint256 actorPk) = (alice, alicePk);
        if (asAppKey) {
            _addAppKey(aliceId, appKey, Scopes.POST, START_TIME + 1 days);
            (actor, actorPk) = (appKey, appKeyPk);
        }
        IKithSignatures.SignedAuth memory auth = _signPostIn(actorPk, aliceId, approvalId);

        if (status == IKithChannels.MemberStatus.Member) {
            _expectPosted(aliceId, approvalId, actor);
        } else if (status == IKithChannels.MemberStatus.Banned) {
            vm.expectRevert(_banned(approvalId, aliceId));
        } else {
            vm.expectRevert(_invalidStatus(approvalId, aliceId, status));
        }
        if (signed) {
            vm.prank(relayer);
            channels.postInChannelFor(aliceId, approvalId, CONTENT_HASH, URI, auth);
        } else {
            vm.prank(actor);
            channels.postInChannel(aliceId, approvalId, CONTENT_HASH, URI);
        }
        _assertStatus(approvalId, aliceId, status);
        assertEq(channels.nonces(actor, 0), signed && status == IKithChannels.MemberStatus.Member ? 1 : 0, "nonce");
    }

    function testFuzz_SetBanned_ReasonLength(uint16 length) public {
        length = uint16(bound(length, 0, MAX_REASON_LENGTH + 8));
        string memory reason = string(new bytes(length));
        bool fits = length <= MAX_REASON_LENGTH;
        if (fits) {
            vm.expectEmit(address(channels));
            emit IKithChannels.MemberBanned(openId, aliceId, moderator, reason);
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(IKithChannels.ReasonTooLong.selector, length, MAX_REASON_LENGTH)
            );
        }
        vm.prank(moderator);
        channels.setBanned(openId, aliceId, true, reason);
        _assertStatus(openId, aliceId, fits ? IKithChannels.MemberStatus.Banned : IKithChannels.MemberStatus.None);
    }
}
