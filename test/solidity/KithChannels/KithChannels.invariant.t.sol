// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";

import {Kith} from "../../../contracts/Kith.sol";
import {KithChannels} from "../../../contracts/KithChannels.sol";
import {ChannelMembershipHandler} from "./handlers/ChannelMembershipHandler.sol";

/// @notice Random joins, leaves, approvals, bans, unbans and posts: a banned profile never posts
///         into the channel while banned, and each standing is what the handler's model says.
contract KithChannelsInvariantTest is Test {
    KithChannels internal channels;
    ChannelMembershipHandler internal handler;

    function setUp() public {
        Kith kith = new Kith();
        channels = new KithChannels(address(kith));
        handler = new ChannelMembershipHandler(kith, channels);

        bytes4[] memory selectors = new bytes4[](5);
        selectors[0] = ChannelMembershipHandler.join.selector;
        selectors[1] = ChannelMembershipHandler.leave.selector;
        selectors[2] = ChannelMembershipHandler.approve.selector;
        selectors[3] = ChannelMembershipHandler.setBanned.selector;
        selectors[4] = ChannelMembershipHandler.post.selector;
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    function invariant_BannedNeverPosts() public view {
        assertEq(handler.postsWhileBanned(), 0, "a post landed while banned");
        assertEq(handler.bannedPostsNotRefusedWithBanned(), 0, "a banned post attempt not refused with Banned");
    }

    function invariant_OnlyMembersPost() public view {
        assertEq(handler.postsWhileNotMember(), 0, "a post landed from a non-member");
    }

    function invariant_StatusMatchesModel() public view {
        for (uint256 c = 1; c <= handler.CHANNELS(); ++c) {
            for (uint256 p = 1; p <= handler.PROFILES(); ++p) {
                assertEq(uint8(channels.memberStatusOf(c, p)), uint8(handler.ghostStatus(c, p)), "memberStatusOf");
            }
        }
    }

    function invariant_EveryCallAsModelled() public view {
        assertEq(handler.mismatches(), 0, "a call did not do what the model predicts");
    }
}
